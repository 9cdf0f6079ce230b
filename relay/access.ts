/**
 * @module relay/access — which conversations an operator may see and handle: those of the sites
 * they serve. Any other is "not found", so an operator of one site learns nothing of another's.
 */
import { RelayError } from './errors.js'
import { servesSite } from './routing.js'
import type { Conversation, Store } from './store/index.js'

export function conversationFor(store: Store, agent: { sites?: readonly string[] }, id: string, cid?: string): Conversation {
  const conv = store.conversations.get(id)
  if (!conv || !servesSite(agent, conv.siteId)) throw new RelayError('not_found', `no conversation ${id}`, cid)
  return conv
}
