/**
 * @module widget/parts — what the widget lends the parts it fetches only when needed (see
 * PARTS in scripts/build.ts): the one Preact that renders the whole tree (vnodes of two copies
 * cannot mix), the flag that says the visitor has touched the page, and the words in the visitor's
 * language. The build makes each part read these from here rather than carry copies. It also
 * lends the relay's address, where the parts are fetched from.
 */
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime'
import { hasGesture } from './ui/gesture.js'
import { STRINGS } from './ui/strings.js'

/** Where the widget puts what it lends; a registered symbol, so no page global can clash with it. */
export const PARTS_SYMBOL = 'parley.widget'

/** `relay`: where the parts are fetched from (the build makes the widget's imports of them start there). */
export function lendToParts(relay: string): void {
  const lent = { assets: `${relay}/assets/`, jsx: { jsx, jsxs, Fragment }, gesture: { hasGesture }, strings: { STRINGS } }
  ;(globalThis as Record<symbol, unknown>)[Symbol.for(PARTS_SYMBOL)] = lent
}
