/**
 * @module relay/dispatch — runs the routing functions against the live state: hands waiting
 * conversations to operators with room, and hands an offline operator's conversations back to
 * the front of the queue. Each decision is taken inside a write-queue job, so decisions see
 * every earlier one and no conversation is ever assigned twice.
 */
import { newCid, type Message, type SystemEvent } from '../protocol/index.js'
import type { Notify } from './notify.js'
import type { Presence } from './presence.js'
import { assignWaiting, type RoutingAgent } from './routing.js'
import { englishLine } from './system-lines.js'
import type { Conversation, Store } from './store/index.js'
import { webhookMessage } from './store/webhooks.js'
import { toRoutingChat } from './views.js'
import type { WriteQueue } from './write-queue.js'

/** Relay-written lines in a conversation ("Alice joined the chat") get ids of their own kind. */
export const systemCid = () => `sys-${newCid()}`

export interface DispatchOptions {
  store: Store
  writes: WriteQueue
  notify: Notify
  presence: Presence
  now: () => number
  log: (...args: unknown[]) => void
}

export function createDispatch({ store, writes, notify, presence, now, log }: DispatchOptions) {
  const lastAssigned = new Map<string, number>()
  let scheduled = false
  let closed = false

  const agentRef = (id: string) => ({ id, name: store.agents.get(id)?.name ?? id })

  function loads(): RoutingAgent[] {
    return store.agents.list().map((agent) => ({
      id: agent.id,
      skills: agent.skills,
      capacity: agent.capacity,
      sites: agent.sites,
      // In their grace period (no tab open) an operator keeps their chats but gets no new ones.
      status: presence.takesChats(agent.id) ? 'online' : presence.status(agent.id) === 'offline' ? 'offline' : 'away',
      active: store.conversations.openOf(agent.id).length,
      lastAssignedAt: lastAssigned.get(agent.id) ?? 0,
    }))
  }

  /** Inside a write job: a system line in the conversation, sequenced like any message. */
  function say(conv: string, event: SystemEvent): Message {
    const { message } = store.messages.append({ conv, cid: systemCid(), from: 'system', text: englishLine(event), event }, now())
    store.webhooks.record('message.created', conv, () => ({ message: webhookMessage(message) }), now())
    return message
  }

  /** Inside a write job: gives the conversation to the operator and says so in it. */
  function handOver(convId: string, agentId: string, event: SystemEvent): { conv: Conversation; message: Message } {
    store.conversations.assign(convId, agentId, now())
    store.handovers.addHandler(convId, agentId, now())
    store.webhooks.record('conversation.assigned', convId, () => ({ agent: agentRef(agentId) }), now())
    lastAssigned.set(agentId, now())
    return { conv: store.conversations.get(convId)!, message: say(convId, event) }
  }

  /** After the commit: everyone who shows these conversations learns what happened. */
  function announce(changes: { conv: Conversation; message: Message }[]): void {
    for (const { conv, message } of changes) {
      notify.message(message, conv.visitorId)
      notify.conversation(conv.id)
      notify.visitorState(conv.visitorId)
    }
    if (changes.length > 0) notify.agents()
    notify.queue()
  }

  async function route(): Promise<void> {
    const changes = await writes.write(() => {
      const waiting = store.conversations.listWaiting().map(toRoutingChat)
      return assignWaiting(waiting, loads(), now()).map(({ chat, agent }) =>
        handOver(chat, agent, { kind: 'joined', agent: store.agents.get(agent)!.name }),
      )
    })
    announce(changes)
  }

  return {
    loads,
    say,
    handOver,
    announce,
    /** Routes soon; calls in the same turn of the event loop share one run. */
    schedule(): void {
      if (scheduled || closed) return
      scheduled = true
      setImmediate(() => {
        scheduled = false
        if (!closed) route().catch((err: unknown) => log('routing failed:', err))
      })
    },
    /** No more routing: the relay is shutting down. */
    close(): void {
      closed = true
    },
    route,
    /** The operator's grace period ran out: their conversations go back to the front of the queue. */
    async requeueFrom(agentId: string): Promise<void> {
      const name = store.agents.get(agentId)?.name ?? agentId
      const changes = await writes.write(() =>
        store.conversations.openOf(agentId).map((conv) => {
          store.conversations.queue(conv.id, { requeued: true }, now())
          return { conv: store.conversations.get(conv.id)!, message: say(conv.id, { kind: 'requeued', agent: name }) }
        }),
      )
      announce(changes)
      await route()
    },
  }
}

export type Dispatch = ReturnType<typeof createDispatch>
