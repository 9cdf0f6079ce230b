/**
 * @module widget/ui/self-service — what the widget itself carries of self-service (issue 8): the
 * trigger. While no conversation is going on, the visitor's question in the composer is handed to
 * the self-service part (widget/ui/SelfService), fetched when there is first something to search
 * for; the part suggests articles and draws them. Its state lives in the view (`local.kb`), so
 * sending a message can take the articles read along (view.send).
 */
import type { KbSuggestion } from '../../protocol/kb.js'
import { lazyPart } from './lazy.js'
import type { View } from './view.js'

export interface SelfServiceState {
  /** Suggestions for what the composer holds. */
  shown: KbSuggestion[]
  /** The article open in the panel; `body` once it has arrived (the snippet stands in until then). */
  open?: KbSuggestion & { body?: string }
  /** Ids of the articles opened, in the order read: they go with the visitor's question. */
  seen: string[]
  /** Said instead of suggestions: thanks after "yes", or "write your question" after "talk to a person". */
  note?: 'thanks' | 'ask'
}

/** Shorter than this is not a question yet. */
const MIN_QUERY = 3

const load = () => import('./SelfService.js')
export const SelfService = lazyPart(() => load().then((m) => ({ part: m.SelfService, css: m.SELF_SERVICE_CSS })))

let started = false
let latest = ''

/** The composer's text changed. Self-service is for a visitor with no conversation going on. */
export function suggest(view: View, text: string): void {
  const { conversation, waiting } = view.client.getState()
  if (waiting > 0 || conversation?.status === 'waiting' || conversation?.status === 'open') return
  if (!started && text.trim().length < MIN_QUERY) return
  started = true
  latest = text
  // The part gets the text as it is when the part is there: the import() calls made while it
  // loads do not resolve in the order they were made (seen in CI), and the first keystrokes'
  // text must not come last.
  load().then(
    (part) => part.typed(view, latest),
    () => (started = false), // the link was down: the next keystroke tries again
  )
}
