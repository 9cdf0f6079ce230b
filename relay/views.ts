/**
 * @module relay/views — what clients are shown, built from the store, presence and the queue:
 * conversation summaries and visitor cards for operators, the conversation state for visitors.
 * Read-only: nothing here changes anything.
 */
import type {
  AgentPresence,
  ConversationBrief,
  ConversationSummary,
  TransferNote,
  VisitorCard,
  VisitorState,
} from '../protocol/index.js'
import type { Hub } from './hub.js'
import type { Presence } from './presence.js'
import { estimateWaitSeconds, orderQueue, queuePositions, sharesSite, type RoutingChat } from './routing.js'
import type { Conversation, Store, Visitor } from './store/index.js'

export const toRoutingChat = (conv: Conversation): RoutingChat => ({
  id: conv.id,
  ...(conv.department !== null && { department: conv.department }),
  priority: conv.priority,
  requeued: conv.requeued,
  queuedAt: conv.queuedAt ?? conv.createdAt,
  site: conv.siteId,
})

export function createViews(store: Store, hub: Hub, presence: Presence) {
  const agentRef = (id: string | null) => {
    const agent = id ? store.agents.get(id) : undefined
    return agent ? { id: agent.id, name: agent.name } : null
  }

  function transferNote(convId: string): TransferNote | null {
    const transfer = store.handovers.latestTransfer(convId)
    const from = transfer && agentRef(transfer.fromAgent)
    if (!transfer || !from) return null
    const to = agentRef(transfer.toAgent)
    return {
      from,
      to: { ...(to && { agent: to }), ...(transfer.toDepartment !== null && { department: transfer.toDepartment }) },
      note: transfer.note,
      at: transfer.createdAt,
    }
  }

  /** Queue positions of every waiting conversation, in serving order. */
  const positions = (): Map<string, number> => queuePositions(orderQueue(store.conversations.listWaiting().map(toRoutingChat)))

  function onlineCapacity(): number {
    return store.agents.list().reduce((sum, agent) => sum + (presence.status(agent.id) === 'online' ? agent.capacity : 0), 0)
  }

  function team(): { presence: AgentPresence; sites: readonly string[] }[] {
    return store.agents.list().map((agent) => ({
      sites: agent.sites,
      presence: {
        id: agent.id,
        name: agent.name,
        status: presence.status(agent.id),
        skills: agent.skills,
        active: store.conversations.openOf(agent.id).length,
        capacity: agent.capacity,
      },
    }))
  }

  return {
    positions,

    /** `queue` lets a caller that summarizes many share one look at the queue; only waiting ones need it. */
    summarize(conv: Conversation, queue?: Map<string, number>): ConversationSummary {
      const visitor = store.visitors.get(conv.visitorId)
      const last = store.messages.lastSpoken(conv.id)
      return {
        id: conv.id,
        site: conv.siteId,
        visitorId: conv.visitorId,
        visitorName: visitor?.identity.name ?? visitor?.identity.email ?? null,
        status: conv.status,
        agent: agentRef(conv.agentId),
        lastSeq: conv.lastSeq,
        epoch: conv.epoch,
        lastText: last ? last.text.slice(0, 140) : '',
        lastFrom: last?.from ?? null,
        department: conv.department,
        priority: conv.priority,
        position: conv.status === 'waiting' ? ((queue ?? positions()).get(conv.id) ?? null) : null,
        transfer: transferNote(conv.id),
        rating: store.ratings.get(conv.id) ?? null,
        contact: conv.contactEmail,
        createdAt: conv.createdAt,
        updatedAt: conv.updatedAt,
        closedAt: conv.closedAt,
      }
    },

    card(visitor: Visitor, online: boolean): VisitorCard {
      return {
        id: visitor.id,
        site: visitor.siteId,
        identity: visitor.identity,
        context: visitor.context,
        page: visitor.page,
        firstSeen: visitor.createdAt,
        lastSeen: visitor.lastSeenAt,
        online,
      }
    },

    /**
     * The visitor's other conversations, newest first (read-only beside the chat), including those
     * from their other devices once identify with a valid hash has said who they are.
     */
    earlier(conv: Conversation): ConversationBrief[] {
      const visitor = store.visitors.get(conv.visitorId)
      const people = visitor ? store.visitors.sameVerifiedPerson(visitor) : [conv.visitorId]
      return people
        .flatMap((id) => store.conversations.allFor(id))
        .filter((c) => c.id !== conv.id)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((c) => ({
          id: c.id,
          status: c.status,
          lastText: store.messages.lastSpoken(c.id)?.text.slice(0, 140) ?? '',
          messages: store.messages.count(c.id),
          createdAt: c.createdAt,
          closedAt: c.closedAt,
        }))
    },

    /** The whole team with the sites each serves; `teamFor` cuts it down for one operator. */
    team,
    /** The team as `viewer` sees it: the operators who share a site with them. */
    teamFor(viewer: { sites?: readonly string[] }, members = team()): AgentPresence[] {
      return members.filter((member) => sharesSite(viewer, member)).map((member) => member.presence)
    },

    /**
     * Where the visitor's newest conversation stands, with an honest wait estimate. `latest`: that
     * conversation (null: none) when the caller has just read it, as every hello has.
     */
    visitorState(visitorId: string, queue?: Map<string, number>, latest?: Conversation | null): VisitorState {
      const conv = latest === undefined ? store.conversations.latestFor(visitorId) : (latest ?? undefined)
      // Reading the whole queue is for waiting visitors only: this runs on every hello and poll.
      const position = conv?.status === 'waiting' ? ((queue ?? positions()).get(conv.id) ?? null) : null
      const capacity = onlineCapacity()
      return {
        type: 'state',
        conv: conv?.id ?? null,
        status: conv?.status ?? null,
        agent: agentRef(conv?.agentId ?? null)?.name ?? null,
        position,
        eta: position === null ? null : estimateWaitSeconds(position, store.conversations.recentHandlingMs(), capacity),
        available: capacity > 0,
        // Only a closed conversation is rated (handling.rate); this runs on every hello and poll.
        rating: conv?.status === 'closed' ? (store.ratings.get(conv.id) ?? null) : null,
        seen: conv?.seenSeq ?? 0,
      }
    },

    isOnline: (visitorId: string): boolean => hub.isVisitorOnline(visitorId),
  }
}

export type Views = ReturnType<typeof createViews>
