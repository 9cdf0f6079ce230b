/**
 * @module relay/api-chat — what the REST API does to a conversation of its site: write into it as
 * a bot or as a named operator, and close it. As for messages from sockets (chat.ts, handling.ts):
 * stored once by cid in one write-queue job together with its webhook events, and told after the
 * commit to the visitor's tabs and the operators who show the conversation. No HTTP here.
 *
 * Unlike the agent page, the API never assigns: an operator's message leaves a waiting conversation
 * in the queue, because the operator may have no tab open to carry on in, and routing must not
 * count on them. A bot's message is `from: 'agent'` with no operator and its own name, so the
 * widget and the agent page show it as they show any operator's message.
 */
import type { ApiAuthor, Message } from '../protocol/index.js'
import type { Dispatch } from './dispatch.js'
import { RelayError } from './errors.js'
import type { Notify } from './notify.js'
import { servesSite } from './routing.js'
import type { Agent, Conversation, Store } from './store/index.js'
import { webhookMessage } from './store/webhooks.js'
import type { WriteQueue } from './write-queue.js'

export interface ApiChatOptions {
  store: Store
  writes: WriteQueue
  notify: Notify
  dispatch: Dispatch
  now: () => number
}

export function createApiChat({ store, writes, notify, dispatch, now }: ApiChatOptions) {
  /** Inside a write job too: the conversation may have been erased since the route looked. */
  function conversationOf(site: string, id: string): Conversation {
    const conv = store.conversations.get(id)
    if (!conv || conv.siteId !== site) throw new RelayError('not_found', `no conversation ${id}`)
    return conv
  }

  /** `as: { agent }` names an operator who may speak on this site; anyone else is a bad field. */
  function operatorOf(site: string, author: ApiAuthor): Agent | undefined {
    if (!('agent' in author)) return undefined
    const agent = store.agents.get(author.agent)
    if (!agent || agent.removedAt !== null || !servesSite(agent, site)) throw new RelayError('bad_field', `as.agent: no operator "${author.agent}" serves site "${site}"`)
    return agent
  }

  const nameOf = (author: ApiAuthor, agent: Agent | undefined) => agent?.name ?? ('bot' in author ? author.bot : author.agent)

  return {
    /** Stores the message once by its cid; a retry gets the message stored the first time. */
    async post(site: string, convId: string, input: { text: string; cid: string; author: ApiAuthor }): Promise<{ message: Message; duplicate: boolean }> {
      const agent = operatorOf(site, input.author)
      const { message, duplicate, visitorId } = await writes.write(() => {
        const conv = conversationOf(site, convId)
        const stored = store.messages.findByCid(input.cid)
        if (stored) {
          // A cid is unique forever: confirming someone else's message would hide a lost one.
          if (stored.conv !== conv.id) throw new RelayError('bad_field', 'cid is already used by another message; make a new one')
          return { message: stored, duplicate: true, visitorId: conv.visitorId }
        }
        if (conv.status === 'closed') throw new RelayError('forbidden', `conversation ${conv.id} is closed; the visitor starts a new one by writing again`)
        const by = agent ? { agentId: agent.id } : { name: nameOf(input.author, agent) }
        const appended = store.messages.append({ conv: conv.id, cid: input.cid, from: 'agent', text: input.text, ...by }, now())
        const ref = agent ? { id: agent.id, name: agent.name } : null
        store.webhooks.record('message.created', conv.id, () => ({ message: webhookMessage(appended.message, ref) }), now())
        return { ...appended, visitorId: conv.visitorId }
      })
      if (!duplicate) {
        notify.message(message, visitorId)
        notify.conversation(message.conv)
      }
      return { message, duplicate }
    },

    /** Closes the conversation (the visitor is asked for a rating); closing a closed one changes nothing. */
    async close(site: string, convId: string, author: ApiAuthor): Promise<void> {
      const agent = operatorOf(site, author)
      const changes = await writes.write(() => {
        const conv = conversationOf(site, convId)
        if (conv.status === 'closed') return []
        store.conversations.close(conv.id, now())
        // A bot has no operator to name: `agent` is null, as when the visitor closes.
        const ref = agent ? { id: agent.id, name: agent.name } : null
        store.webhooks.record('conversation.closed', conv.id, () => ({ by: 'agent' as const, agent: ref }), now())
        return [{ conv: store.conversations.get(conv.id)!, message: dispatch.say(conv.id, { kind: 'closed', by: 'agent', agent: nameOf(author, agent) }) }]
      })
      if (changes.length === 0) return
      dispatch.announce(changes)
      dispatch.schedule() // the operator's capacity freed: the oldest waiting chat is assigned at once
    },
  }
}

export type ApiChat = ReturnType<typeof createApiChat>
