/** @module widget/ui/styles-adopt — puts stylesheets into a shadow root without inline styles where the browser allows. */
export function adoptStyles(root: ShadowRoot, ...css: string[]): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    root.adoptedStyleSheets = css.map((text) => {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(text)
      return sheet
    })
    return
  }
  // Older browsers: a <style> inside our own shadow root still cannot leak onto the page.
  for (const text of css) {
    const style = document.createElement('style')
    style.textContent = text
    root.appendChild(style)
  }
}

/** Adds one more stylesheet (a part's, fetched later) to those the root has. */
export function addStyles(root: ShadowRoot, css: string): void {
  if (!('adoptedStyleSheets' in root) || typeof CSSStyleSheet !== 'function') return adoptStyles(root, css)
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
}
