/**
 * @module widget/ui/seldom — the seldom words (widget/ui/seldom-words) as the view reads them:
 * undefined until that part has arrived, which the first read fetches; the view draws again then.
 */
import { lazy } from './lazy.js'

export const seldom = lazy(() => import('./seldom-words.js').then((m) => m.WORDS))
