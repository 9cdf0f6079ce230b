/**
 * @module widget/ui/contrast — readable text on the site owner's accent colour (data-color):
 * white or near-black, whichever contrasts more (WCAG 2.x relative luminance).
 */
const channel = (c: number) => {
  const s = c / 255
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** `rgb` as the browser computes it ("rgb(r, g, b)"); anything unreadable keeps white. */
export function textOn(rgb: string): string {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number)
  const luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  // Contrast with white is 1.05 / (L + 0.05); with #111 (L ≈ 0.0056) it is (L + 0.05) / 0.0556.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? '#fff' : '#111'
}
