/** @module widget/ui/rating-css — the rating form's styles, fetched with it (widget/ui/RatingPrompt). */
export const RATING_CSS = `
.rating { padding: 10px 12px; border-top: 1px solid var(--border); display: flex; flex-direction: column; gap: 6px; margin: 0; }
.rating p { margin: 0; font-size: 13px; }
.rating fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 2px; align-items: center; }
.rating legend { font-size: 13px; margin-bottom: 4px; }
.star { background: none; border: 0; font-size: 24px; line-height: 1; color: var(--muted); cursor: pointer; padding: 0 2px; }
.star.on { color: #f59e0b; }
.rating textarea { font: inherit; font-size: 16px; border: 1px solid var(--border); border-radius: 8px; padding: 6px 8px; resize: none; }
.send-rating { border: 0; border-radius: 8px; padding: 6px 10px; background: var(--accent); color: var(--on-accent); font: inherit; cursor: pointer; }
.send-rating:disabled { opacity: .5; cursor: default; }
`
