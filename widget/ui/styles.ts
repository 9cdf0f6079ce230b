/** @module widget/ui/styles — the open widget's CSS (the launcher's own is in launcher-css, which the loader ships). */
export const WIDGET_CSS = `
.root {
  --fg: var(--parley-fg, #111827); --muted: #6b7280; --bg: var(--parley-bg, #fff); --bubble: #f3f4f6; --border: #e5e7eb;
  --radius: var(--parley-radius, 14px);
  font: 15px/1.4 var(--parley-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif); color: var(--fg);
}
@media (prefers-color-scheme: dark) {
  .root { --fg: var(--parley-fg, #f3f4f6); --muted: #a1a1aa; --bg: var(--parley-bg, #18181b); --bubble: #27272a; --border: #3f3f46; }
}
:is(button, textarea, input):focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.panel {
  width: 360px; height: 520px; max-height: calc(100vh - 100px); background: var(--bg);
  border-radius: var(--radius); box-shadow: 0 10px 40px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden;
}
.header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--accent); color: var(--on-accent); }
.header h2 { margin: 0; font-size: 16px; flex: 1; }
.link { font-size: 12px; }
.close { background: none; border: 0; color: inherit; font-size: 22px; line-height: 1; cursor: pointer; padding: 2px 6px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 3px; }
.msg:has(.meta) { margin-bottom: 6px; }
.empty { color: var(--muted); text-align: center; margin: auto 0; }
.msg { max-width: 80%; display: flex; flex-direction: column; }
.msg.mine { align-self: flex-end; align-items: flex-end; }
.bubble { padding: 8px 12px; border-radius: var(--radius); background: var(--bubble); white-space: pre-wrap; overflow-wrap: anywhere; }
.mine .bubble { background: var(--accent); color: var(--on-accent); }
.failed .bubble { background: #fee2e2; color: #991b1b; }
.bubble a { color: inherit; text-decoration: underline; }
.meta { font-size: 11px; color: var(--muted); margin: 2px 4px; }
.end { background: none; border: 1px solid currentColor; color: inherit; font: inherit; font-size: 12px; border-radius: 8px; padding: 4px 8px; cursor: pointer; }
.status-line { margin: 0; padding: 8px 12px; font-size: 13px; background: var(--bubble); border-bottom: 1px solid var(--border); }
.status-line p { margin: 0 0 6px; }
.system, .typing, .waiting { margin: 0; font-size: 12px; color: var(--muted); }
.system { align-self: center; margin: 4px 0; text-align: center; }
.typing { font-style: italic; }
.waiting { padding: 6px 12px; border-top: 1px solid var(--border); }
.notice { padding: 8px 12px; font-size: 13px; background: #fef3c7; color: #92400e; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid var(--border); }
.composer textarea {
  flex: 1; resize: none; font: inherit; font-size: 16px; padding: 8px 10px; border: 1px solid var(--border);
  border-radius: 10px; max-height: 120px; color: var(--fg); background: var(--bg);
}
.composer button { border: 0; border-radius: 10px; padding: 0 14px; background: var(--accent); color: var(--on-accent); font: inherit; cursor: pointer; }
@media (max-width: 480px) {
  .root { bottom: 12px; right: 12px; }
  /* The full-screen panel has its own close button; a floating launcher would cover the composer. */
  .panel ~ .launcher { display: none; }
  /* Full screen, above the on-screen keyboard (--vvh follows the visual viewport), clear of notches. */
  .panel { position: fixed; inset: 0 0 auto; width: auto; height: var(--vvh, 100%); max-height: none; border-radius: 0;
    padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left); }
}
`
