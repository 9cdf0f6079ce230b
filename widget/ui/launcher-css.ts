/**
 * @module widget/ui/launcher-css — the CSS the loader needs to paint the launcher (and that the
 * widget keeps using): adopted into the shadow root as a constructable stylesheet, so a strict
 * CSP has no inline <style> to block. `:host { all: initial }` keeps the page's inherited styles
 * out; the shadow boundary keeps ours in.
 */
export const LAUNCHER_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --accent: var(--parley-accent, #2563eb); --on-accent: var(--parley-accent-text, #fff);
  position: fixed; bottom: calc(20px + env(safe-area-inset-bottom, 0px)); right: calc(20px + env(safe-area-inset-right, 0px)); z-index: 2147483000;
  display: flex; flex-direction: column; align-items: flex-end; gap: 12px;
}
.root.left { right: auto; left: calc(20px + env(safe-area-inset-left, 0px)); align-items: flex-start; }
.launcher {
  position: relative; width: 56px; height: 56px; border-radius: 50%; border: 0; cursor: pointer;
  background: var(--accent); color: var(--on-accent); box-shadow: 0 4px 14px rgba(0,0,0,.25);
  display: grid; place-items: center;
}
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.launcher:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #dc2626; color: #fff; font-size: 12px; line-height: 20px; text-align: center;
}
`
