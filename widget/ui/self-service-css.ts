/** @module widget/ui/self-service-css — self-service's styles, fetched with it (widget/ui/SelfService). */
export const SELF_SERVICE_CSS = `
.kb { padding: 8px 12px 0; border-top: 1px solid var(--border); }
.kb:has(> .kb-note:empty) { padding: 0; border: 0; }
.kb-note { margin: 0; font-size: 13px; color: var(--muted); }
.kb ul { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.kb-pick { width: 100%; text-align: start; font: inherit; font-size: 14px; color: var(--fg); background: var(--bg);
  border: 1px solid var(--border); border-radius: 8px; padding: 6px 10px; cursor: pointer; }
.kb-pick:hover { background: var(--bubble); }
.kb-talk { font: inherit; font-size: 13px; border: 0; border-radius: 8px; padding: 5px 10px; margin: 6px 0; cursor: pointer;
  background: var(--accent); color: var(--on-accent); }
.kb-article { flex: 3 1 0; min-height: 0; overflow-y: auto; padding: 8px 12px; border-top: 1px solid var(--border); }
.kb-article h3 { margin: 4px 0 8px; font-size: 16px; }
.kb-back { font: inherit; font-size: 13px; background: none; border: 0; padding: 2px 0; color: var(--muted); text-decoration: underline; cursor: pointer; }
.kb-body p { margin: 0 0 8px; font-size: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.kb-body a { color: inherit; }
.kb-answer { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 4px 0 0; font-size: 14px; }
.kb-answer span { flex-basis: 100%; font-weight: 600; }
.kb-answer button { font: inherit; font-size: 13px; color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-radius: 8px; padding: 4px 14px; cursor: pointer; }
`
