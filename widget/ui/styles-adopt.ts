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
