/**
 * @module widget/handoff — what the loader hands the widget it fetched: the configuration from
 * the script tag, the shadow root it already painted the launcher in, and whether the visitor
 * asked to open the chat (then focus goes into it). Carried on the `Parley` global, next to the
 * queue of calls made before the widget arrived.
 */
import type { WidgetConfig } from './config.js'
import type { Hint } from './hint.js'

export interface Handoff {
  config: WidgetConfig
  host: HTMLElement
  root: ShadowRoot
  /** The visitor clicked the launcher (or the page called open): open, and focus the composer. */
  open: boolean
  /**
   * Adds a stylesheet to `root`, after the launcher's (which the widget keeps using): the loader's
   * own code, lent so the widget carries no copy.
   */
  addStyles(css: string): void
  /** The launcher's chat icon (an SVG path), which the widget's launcher draws too: lent, so it ships once. */
  icon: string
  /** This site's hint as the device holds it now (widget/hint): the loader's own reader, lent. */
  readHint(): Hint
  /** The closed launcher's label in the visitor's language, with the unread count: lent, so the wording is the loader's throughout. */
  label(unread: number): string
}

/** The stub every page may define, as the loader extends it. */
export type Stub = ((...args: never[]) => void) & { q?: ArrayLike<unknown>[]; h?: Handoff; loaded?: true }

declare global {
  interface Window {
    Parley?: Stub
  }
}
