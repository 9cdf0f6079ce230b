/**
 * @module widget/ui/styles-adopt — adds a stylesheet to a shadow root without inline styles where
 * the browser allows. Only the loader carries it: it lends it to the widget (widget/handoff).
 */
export function addStyles(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    return
  }
  // Older browsers: a <style> inside our own shadow root still cannot leak onto the page.
  const style = document.createElement('style')
  style.textContent = css
  root.appendChild(style)
}
