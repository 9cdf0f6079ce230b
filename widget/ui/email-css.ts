/** @module widget/ui/email-css — the email form's styles, fetched with it (widget/ui/EmailForm). */
export const EMAIL_CSS = `
.email label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; }
.email { display: flex; gap: 6px; align-items: flex-end; }
.email input { font: inherit; font-size: 16px; padding: 4px 8px; border: 1px solid var(--border); border-radius: 8px; }
.email button { border: 0; border-radius: 8px; padding: 6px 10px; background: var(--accent); color: var(--on-accent); font: inherit; cursor: pointer; }
.hint { margin: 0; color: var(--muted); }
`
