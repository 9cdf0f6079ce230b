/**
 * @module relay/handling — what operators and visitors do to a conversation beyond writing:
 * take it from the queue, transfer it with a note, close it, rate it, show typing, leave an
 * email. Every change that the conversation should remember is a system line in it, written
 * in the same transaction, so every screen shows it exactly once and in order.
 */
import type { AgentClose, AgentSeen, AgentTake, AgentTransfer, AgentTyping, Rating, VisitorContact, VisitorRate } from '../protocol/index.js'
import { conversationFor } from './access.js'
import type { Dispatch } from './dispatch.js'
import { RelayError } from './errors.js'
import type { Hub } from './hub.js'
import type { Notify } from './notify.js'
import { checkTransferTarget, pickForDepartment } from './routing.js'
import type { Agent, Conversation, Store } from './store/index.js'
import type { WriteQueue } from './write-queue.js'

export interface HandlingOptions {
  store: Store
  hub: Hub
  writes: WriteQueue
  notify: Notify
  dispatch: Dispatch
  now: () => number
}

const REASONS = {
  unknown_agent: 'there is no such operator',
  same_agent: 'the conversation is already yours',
  offline: 'that operator is offline',
  away: 'that operator is away',
  busy: 'that operator has no free capacity',
} as const

export function createHandling({ store, hub, writes, notify, dispatch, now }: HandlingOptions) {
  /** Only the operator who has the conversation may hand it on or close it (supervisors too). */
  function mustHandle(agent: Agent, conv: Conversation): void {
    if (conv.status === 'closed') throw new RelayError('not_found', `conversation ${conv.id} is closed`)
    if (conv.agentId !== agent.id && agent.role !== 'supervisor') {
      throw new RelayError('forbidden', `conversation ${conv.id} is not yours to change`)
    }
  }

  return {
    async take(agent: Agent, frame: AgentTake): Promise<void> {
      const changes = await writes.write(() => {
        const conv = conversationFor(store, agent, frame.conv)
        if (conv.status !== 'waiting') throw new RelayError('forbidden', `conversation ${conv.id} is not waiting`)
        const load = dispatch.loads().find((a) => a.id === agent.id)
        if (!load || load.active >= load.capacity) throw new RelayError('forbidden', 'you have no free capacity; close a chat first')
        return [dispatch.handOver(conv.id, agent.id, { kind: 'joined', agent: agent.name })]
      })
      dispatch.announce(changes)
    },

    /** To a named operator (refused with a reason when they cannot take it), or to a department. */
    async transfer(agent: Agent, frame: AgentTransfer): Promise<void> {
      if ((frame.agent === undefined) === (frame.department === undefined)) {
        throw new RelayError('bad_field', 'transfer names either an agent or a department')
      }
      const changes = await writes.write(() => {
        const conv = conversationFor(store, agent, frame.conv)
        mustHandle(agent, conv)
        const loads = dispatch.loads()
        const fromId = conv.agentId ?? agent.id
        let target: string | undefined
        if (frame.agent !== undefined) {
          const check = checkTransferTarget(frame.agent, fromId, loads, conv.siteId)
          if (!check.ok) throw new RelayError('forbidden', `cannot transfer: ${REASONS[check.reason]}`)
          target = frame.agent
        } else {
          target = pickForDepartment(frame.department!, fromId, loads, conv.siteId)?.id
        }
        store.handovers.addTransfer({ conversationId: conv.id, fromAgent: agent.id, toAgent: target ?? null, toDepartment: frame.department ?? null, note: frame.note }, now())
        const to = target ? { id: target, name: store.agents.get(target)!.name } : null
        store.webhooks.record('conversation.transferred', conv.id, () => ({ from: { id: agent.id, name: agent.name }, to, department: frame.department ?? null, note: frame.note }), now())
        if (to) return [dispatch.handOver(conv.id, to.id, { kind: 'took_over', agent: to.name, from: agent.name })]
        // Nobody in the department has room: the conversation waits for them at the front.
        store.conversations.queue(conv.id, { requeued: true, department: frame.department! }, now())
        return [{ conv: store.conversations.get(conv.id)!, message: dispatch.say(conv.id, { kind: 'to_department', from: agent.name, department: frame.department! }) }]
      })
      dispatch.announce(changes)
      dispatch.schedule()
    },

    async closeByAgent(agent: Agent, frame: AgentClose): Promise<void> {
      const changes = await writes.write(() => {
        const conv = conversationFor(store, agent, frame.conv)
        mustHandle(agent, conv)
        store.conversations.close(conv.id, now())
        store.webhooks.record('conversation.closed', conv.id, () => ({ by: 'agent' as const, agent: { id: agent.id, name: agent.name } }), now())
        return [{ conv: store.conversations.get(conv.id)!, message: dispatch.say(conv.id, { kind: 'closed', by: 'agent', agent: agent.name }) }]
      })
      dispatch.announce(changes)
      dispatch.schedule() // capacity freed: the oldest waiting chat is assigned at once
    },

    async closeByVisitor(visitorId: string): Promise<void> {
      const changes = await writes.write(() => {
        const conv = store.conversations.latestFor(visitorId)
        if (!conv || conv.status === 'closed') throw new RelayError('not_found', 'no open conversation to close')
        store.conversations.close(conv.id, now())
        store.webhooks.record('conversation.closed', conv.id, () => ({ by: 'visitor' as const, agent: null }), now())
        return [{ conv: store.conversations.get(conv.id)!, message: dispatch.say(conv.id, { kind: 'closed', by: 'visitor' }) }]
      })
      dispatch.announce(changes)
      dispatch.schedule()
    },

    /**
     * A rating is given once, for a closed conversation of the visitor's own. The same rating
     * again is a resend (the widget sends it again when it was refused as too fast, or the link
     * dropped before the answer): answered like the first, stored and reported once.
     */
    async rate(visitorId: string, frame: VisitorRate): Promise<Rating> {
      const rating: Rating = { score: frame.score, ...(frame.comment?.trim() && { comment: frame.comment.trim() }) }
      const conv = await writes.write(() => {
        const conv = store.conversations.get(frame.conv)
        if (!conv || conv.visitorId !== visitorId) throw new RelayError('not_found', `no conversation ${frame.conv}`)
        if (conv.status !== 'closed') throw new RelayError('forbidden', 'a conversation is rated once it is closed')
        if (store.ratings.add(conv.id, rating, now())) {
          store.webhooks.record('conversation.rated', conv.id, () => ({ rating: { score: rating.score, comment: rating.comment ?? null } }), now())
        } else {
          const given = store.ratings.get(conv.id)
          if (given?.score !== rating.score || given.comment !== rating.comment) throw new RelayError('forbidden', 'this conversation is already rated')
        }
        return conv
      })
      notify.conversation(conv.id)
      notify.visitorState(visitorId)
      return rating
    },

    async contact(visitorId: string, frame: VisitorContact): Promise<void> {
      const conv = await writes.write(() => {
        const conv = store.conversations.latestFor(visitorId)
        if (!conv || conv.status === 'closed') throw new RelayError('not_found', 'write a message first, then leave your email')
        store.conversations.setContact(conv.id, frame.email, now())
        return conv
      })
      notify.conversation(conv.id)
    },

    /** The operator who has the conversation read up to `seq`: the visitor sees their messages as seen. */
    seen(agent: Agent, frame: AgentSeen): void {
      const conv = conversationFor(store, agent, frame.conv)
      if (conv.agentId !== agent.id) return // someone else's chat, or queued: reading it is not answering it
      if (store.conversations.markSeen(conv.id, frame.seq)) notify.visitorState(conv.visitorId)
    },

    /** Typing is fleeting: relayed, never stored. */
    visitorTyping(visitorId: string, on: boolean): void {
      const conv = store.conversations.latestFor(visitorId)
      if (conv && conv.status !== 'closed') hub.toWatchers(conv.id, { type: 'typing', conv: conv.id, on })
    },
    agentTyping(agent: Agent, frame: AgentTyping): void {
      const conv = conversationFor(store, agent, frame.conv)
      hub.toVisitor(conv.visitorId, { type: 'typing', on: frame.on, name: agent.name })
    },
  }
}

export type Handling = ReturnType<typeof createHandling>
