/** @module widget/config — what the site owner's script tag says: the relay's origin and the data-* attributes. */
export interface WidgetConfig {
  /** Origin of the relay, taken from the script's own src: the one-line install needs nothing else. */
  relay: string
  site: string
  lang?: string
  color?: string
  position: 'left' | 'right'
  title?: string
}

/** Finds our script tag: currentScript while executing, else the tag that loaded /widget.js with data-site. */
export function findScript(current: Element | null): HTMLScriptElement | undefined {
  if (current instanceof HTMLScriptElement && current.dataset.site !== undefined) return current
  return document.querySelector<HTMLScriptElement>('script[data-site][src*="/widget.js"]') ?? undefined
}

export function readConfig(script: HTMLScriptElement): WidgetConfig | string {
  const site = script.dataset.site?.trim()
  if (!site) return 'the script tag needs data-site="<your site name>"'
  let relay: string
  try {
    relay = new URL(script.src, location.href).origin
  } catch {
    return `cannot tell the relay's address from src="${script.src}"`
  }
  const { lang, color, title } = script.dataset
  return {
    relay,
    site,
    ...(lang && { lang }),
    ...(color && { color }),
    ...(title && { title }),
    position: script.dataset.position === 'left' ? 'left' : 'right',
  }
}
