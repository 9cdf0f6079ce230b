/**
 * @module relay/chat — messages and who sees them: hello and replay, a visitor's or operator's
 * message stored once and acked after the commit, paging and gap fill, identity and context.
 * Plain functions over the store, the write queue and the hub: no sockets, no HTTP.
 */
import { nanoid } from 'nanoid'
import {
  MAX_CONVERSATIONS_PER_HOUR,
  MAX_VISITOR_CONNECTIONS,
  REPLAY_PAGE,
  type AgentOpen,
  type AgentSend,
  type AgentWelcome,
  type Context,
  type HistoryFrame,
  type Message,
  type Page,
  type PageFrame,
  type Sync,
  type VisitorContext,
  type VisitorHello,
  type VisitorIdentify,
  type VisitorSend,
  type VisitorWelcome,
} from '../protocol/index.js'
import { conversationFor } from './access.js'
import type { Dispatch } from './dispatch.js'
import { RelayError } from './errors.js'
import type { AgentPeer, Hub, VisitorPeer } from './hub.js'
import type { Notify } from './notify.js'
import { servesSite } from './routing.js'
import { hashToken, randomToken, verifyIdentityHash } from './secrets.js'
import type { Agent, Conversation, Site, Store, Visitor } from './store/index.js'
import { webhookMessage } from './store/webhooks.js'
import type { Views } from './views.js'
import type { WriteQueue } from './write-queue.js'

export interface ChatOptions {
  store: Store
  hub: Hub
  writes: WriteQueue
  views: Views
  notify: Notify
  dispatch: Dispatch
  now: () => number
  /** How long a visitor stays "online" after their last connection or poll ends. */
  presenceGraceMs?: number
}

const newEpoch = () => nanoid(10)
/** How fresh a visitor's "last seen" is kept (retention and the agent page need no finer). */
const SEEN_RESOLUTION_MS = 60_000

/** What the page's context says about routing: `department`, and `priority` or `vip` for VIPs. */
export function routingOf(context: Context): { department: string | null; priority: boolean } {
  const department = typeof context.department === 'string' && context.department.trim() ? context.department.trim().toLowerCase() : null
  const flag = (value: unknown) => value === true || value === 'true' || value === 1 || value === 'high' || value === 'vip'
  return { department, priority: flag(context.priority) || flag(context.vip) }
}

export function createChat({ store, hub, writes, views, notify, dispatch, now, presenceGraceMs = 5000 }: ChatOptions) {
  const leaving = new Map<string, ReturnType<typeof setTimeout>>()

  const HOUR_MS = 60 * 60_000
  const isOnline = (visitorId: string) => hub.isVisitorOnline(visitorId) || leaving.has(visitorId)

  function mustGetConversation(id: string, cid?: string): Conversation {
    const conv = store.conversations.get(id)
    if (!conv) throw new RelayError('not_found', `no conversation ${id}`, cid)
    return conv
  }

  const mustGetFor = (agent: { sites?: readonly string[] }, id: string, cid?: string) => conversationFor(store, agent, id, cid)

  /** A cid already stored elsewhere: refuse rather than confirm someone else's message. */
  const cidTaken = (cid: string) => new RelayError('bad_field', 'cid is already used by another message; make a new one', cid)

  /** Messages after `after`, one page, and whether more follow. */
  function pageAfter(conv: string, after: number): { messages: Message[]; more: boolean } {
    const messages = store.messages.after(conv, after, REPLAY_PAGE + 1)
    return { messages: messages.slice(0, REPLAY_PAGE), more: messages.length > REPLAY_PAGE }
  }

  /**
   * Inside a write: a new conversation for a visitor whose last one is closed (or who has none);
   * returns its id. Writing after a close opens a new conversation, linked to the old by the visitor.
   */
  function startConversation(visitor: Visitor, cid: string): string {
    // Erased (parley visitor delete, retention) while their page was open: their conversations
    // went with them, so it is here, about to start one, that this shows.
    const current = store.visitors.get(visitor.id)
    if (!current) throw new RelayError('unauthorized', 'this visitor was deleted; reload the page to start over', cid)
    // Each new conversation lands in the operators' queue: a visitor starts only so many an hour.
    const recent = store.conversations.startedSince(visitor.id, now() - HOUR_MS)
    if (recent.count >= MAX_CONVERSATIONS_PER_HOUR) {
      const wait = recent.oldest! + HOUR_MS - now()
      throw new RelayError('rate_limited', `you have started ${recent.count} chats this hour; try again in ${Math.ceil(wait / 60_000)} min`, cid, wait)
    }
    const conv = store.conversations.create({ id: nanoid(), siteId: visitor.siteId, visitorId: visitor.id, epoch: newEpoch(), ...routingOf(current.context) }, now())
    store.webhooks.record('conversation.created', conv.id, () => ({}), now())
    return conv.id
  }

  return {
    isOnline,
    /** Stops the presence timers (the relay is shutting down and the store is about to close). */
    close(): void {
      for (const timer of leaving.values()) clearTimeout(timer)
      leaving.clear()
    },

    /** Finds or mints the visitor behind a hello, and answers with what they have not seen. */
    helloVisitor(site: Site, hello: VisitorHello): { visitor: Visitor; welcome: VisitorWelcome; latest: Conversation | null } {
      let token = hello.token
      let visitor = token ? store.visitors.byToken(hashToken(token), site.id) : undefined
      // Refused before anything is written (the page, maybe a new epoch): a refused hello leaves nothing.
      if (visitor && hub.visitorConnections(visitor.id) >= MAX_VISITOR_CONNECTIONS) {
        throw new RelayError('rate_limited', `this visitor already has ${MAX_VISITOR_CONNECTIONS} connections open; close a tab or try again later`, undefined, 5000)
      }
      if (!visitor || !token) {
        // An unknown token (another site's, or one from a database since replaced) never
        // reveals anything: the visitor simply starts fresh under a new token.
        token = randomToken()
        visitor = store.visitors.add({ id: nanoid(), siteId: site.id, tokenHash: hashToken(token) }, now())
      }
      // A long-poll says hello with every request: a write (and its fsync) each time was most of
      // what long-polling cost. "Last seen" is kept to the minute; a new page is written at once.
      const pageChanged = hello.page !== undefined && (hello.page.url !== visitor.page?.url || (hello.page.title ?? '') !== (visitor.page?.title ?? ''))
      const touched = pageChanged || now() - visitor.lastSeenAt >= SEEN_RESOLUTION_MS
      if (touched) store.visitors.touch(visitor.id, hello.page, now())
      let conv = store.conversations.latestFor(visitor.id)
      let resume = conv !== undefined && hello.conv === conv.id && hello.epoch === conv.epoch && hello.lastSeq !== undefined
      if (conv && resume && hello.lastSeq! > conv.lastSeq) {
        // The client has seen seqs this database never stored: its history was replaced. A new
        // epoch makes every screen of the conversation drop what it shows and resync.
        store.conversations.setEpoch(conv.id, newEpoch())
        conv = store.conversations.get(conv.id)!
        resume = false
        notify.conversation(conv.id)
      }
      // A page that has seen everything (most polls) needs no replay query.
      const upToDate = resume && hello.lastSeq === conv?.lastSeq
      const { messages, more } = !conv || upToDate ? { messages: [], more: false } : pageAfter(conv.id, resume ? hello.lastSeq! : 0)
      return {
        visitor: touched ? store.visitors.get(visitor.id)! : visitor,
        latest: conv ?? null,
        welcome: {
          type: 'welcome',
          token,
          visitor: visitor.id,
          conv: conv?.id ?? null,
          epoch: conv?.epoch ?? null,
          reset: !resume && hello.conv !== undefined,
          messages,
          more,
        },
      }
    },

    /** `latest`: the visitor's newest conversation, as the hello just read it. */
    visitorOnline(visitorId: string, peer: VisitorPeer, latest?: Conversation | null): void {
      const returning = leaving.get(visitorId)
      if (returning) {
        clearTimeout(returning)
        leaving.delete(visitorId)
      }
      if (hub.addVisitor(visitorId, peer) && !returning) notify.visitor(visitorId)
      peer.send(views.visitorState(visitorId, undefined, latest))
    },
    /** The last link gone: say so after a grace period, so reconnects and polls do not flicker. */
    visitorOffline(visitorId: string, peer: VisitorPeer): void {
      if (!hub.removeVisitor(visitorId, peer) || leaving.has(visitorId)) return
      const timer = setTimeout(() => {
        leaving.delete(visitorId)
        if (!hub.isVisitorOnline(visitorId)) notify.visitor(visitorId)
      }, presenceGraceMs)
      timer.unref?.()
      leaving.set(visitorId, timer)
    },

    /** A valid hash verifies the id; a wrong one is refused and changes nothing. */
    identify(site: Site, visitorId: string, frame: VisitorIdentify): void {
      const verified = frame.hash !== undefined && verifyIdentityHash(site.secret, frame.id, frame.hash)
      if (frame.hash !== undefined && !verified) {
        throw new RelayError('bad_hash', 'identify hash does not match HMAC-SHA256(site secret, id); identity not changed')
      }
      const identity = { id: frame.id, verified, ...(frame.name !== undefined && { name: frame.name }), ...(frame.email !== undefined && { email: frame.email }) }
      store.visitors.setIdentity(visitorId, identity)
      notify.visitor(visitorId)
      const conv = store.conversations.latestFor(visitorId)
      if (conv) notify.conversation(conv.id)
    },

    /** The visitor's page changed without a reload: operators see where they are now. */
    movedTo(visitorId: string, page: Page): void {
      store.visitors.touch(visitorId, page, now())
      notify.visitor(visitorId)
    },

    /** Merges the context; a waiting conversation is re-routed if its department or priority changed. */
    setContext(visitorId: string, frame: VisitorContext): void {
      const merged = store.visitors.mergeContext(visitorId, frame.data)
      notify.visitor(visitorId)
      const conv = store.conversations.latestFor(visitorId)
      if (conv?.status !== 'waiting') return
      const { department, priority } = routingOf(merged)
      if (department === conv.department && priority === conv.priority) return
      store.conversations.setRouting(conv.id, department, priority)
      dispatch.schedule()
    },

    /** A visitor's message: starts a conversation if none is open, stores it once, acks after the commit. */
    async visitorSend(visitor: Visitor, frame: VisitorSend, from: VisitorPeer): Promise<void> {
      const { message, duplicate, started } = await writes.write(() => {
        // Most messages go on the visitor's open conversation: one statement checks the cid is new,
        // finds the conversation and takes the seq.
        const open = store.messages.appendToOpen(visitor.id, { cid: frame.cid, from: 'visitor', text: frame.text }, now())
        const stored = open ? undefined : store.messages.findByCid(frame.cid)
        if (stored) {
          // A resend after a lost ack: the same seq back, nothing stored twice.
          if (store.conversations.get(stored.conv)?.visitorId !== visitor.id) throw cidTaken(frame.cid)
          return { message: stored, duplicate: true, started: false }
        }
        const started = open === undefined
        const message = open ?? store.messages.append({ conv: startConversation(visitor, frame.cid), cid: frame.cid, from: 'visitor', text: frame.text }, now()).message
        // What the visitor read first (issue 8). Only a new conversation can have answers waiting for it.
        if (frame.articles || started) store.kbUse.readBeforeAsking({ conv: message.conv, site: visitor.siteId, visitor: visitor.id, articles: frame.articles ?? [] }, now())
        store.webhooks.record('message.created', message.conv, () => ({ message: webhookMessage(message) }), now())
        return { message, duplicate: false, started }
      })
      from.send({ type: 'ack', cid: message.cid, conv: message.conv, seq: message.seq })
      if (duplicate) return
      notify.message(message, visitor.id, { visitor: from })
      notify.conversation(message.conv)
      if (started) {
        notify.visitorState(visitor.id)
        dispatch.schedule()
      }
    },

    /** The next page of a replay, or the messages a client found missing. Visitors see only their own, operators their sites'. */
    sync(frame: Sync, reader: { visitor: string } | { agent: Agent }): PageFrame {
      const conv = 'agent' in reader ? mustGetFor(reader.agent, frame.conv) : mustGetConversation(frame.conv)
      if ('visitor' in reader && conv.visitorId !== reader.visitor) throw new RelayError('not_found', `no conversation ${frame.conv}`)
      return { type: 'page', conv: conv.id, epoch: conv.epoch, ...pageAfter(conv.id, frame.after) }
    },

    welcomeAgent(agent: Agent): AgentWelcome {
      const queue = views.positions()
      return {
        type: 'welcome',
        agent: { id: agent.id, name: agent.name },
        conversations: store.conversations
          .listActive()
          .filter((conv) => servesSite(agent, conv.siteId))
          .map((conv) => views.summarize(conv, queue)),
      }
    },

    /** Shows an operator a conversation (live from now on), with the visitor's earlier ones. */
    openForAgent(frame: AgentOpen, peer: AgentPeer): HistoryFrame {
      const conv = mustGetFor(peer, frame.conv)
      hub.watch(conv.id, peer)
      return {
        type: 'history',
        conversation: views.summarize(conv),
        visitor: views.card(store.visitors.get(conv.visitorId)!, isOnline(conv.visitorId)),
        ...pageAfter(conv.id, 0),
        earlier: views.earlier(conv),
        articles: store.kbUse.seenIn(conv.id),
      }
    },

    /** An operator's message, in a conversation that is theirs (or waiting: writing takes it). */
    async agentSend(agent: Agent, frame: AgentSend, from: AgentPeer): Promise<void> {
      const { message, duplicate, visitorId, taken, joined } = await writes.write(() => {
        const stored = store.messages.findByCid(frame.cid)
        const conv = mustGetFor(agent, frame.conv, frame.cid)
        if (stored) {
          if (stored.conv !== frame.conv) throw cidTaken(frame.cid)
          return { message: stored, duplicate: true, visitorId: conv.visitorId, taken: false, joined: undefined }
        }
        if (conv.status === 'closed') throw new RelayError('not_found', `conversation ${conv.id} is closed`, frame.cid)
        if (conv.status === 'open' && conv.agentId !== agent.id && agent.role !== 'supervisor') {
          throw new RelayError('forbidden', `conversation ${conv.id} is with another operator`, frame.cid)
        }
        // Writing into a waiting conversation takes it, and the visitor reads who did, as when routed.
        const taken = conv.status === 'waiting'
        const joined = taken ? dispatch.handOver(conv.id, agent.id, { kind: 'joined', agent: agent.name }).message : undefined
        const appended = store.messages.append({ conv: conv.id, cid: frame.cid, from: 'agent', agentId: agent.id, text: frame.text }, now())
        store.webhooks.record('message.created', conv.id, () => ({ message: webhookMessage(appended.message, { id: agent.id, name: agent.name }) }), now())
        return { ...appended, visitorId: conv.visitorId, taken, joined }
      })
      hub.watch(message.conv, from)
      from.send({ type: 'ack', cid: message.cid, conv: message.conv, seq: message.seq })
      if (duplicate) return
      if (joined) notify.message(joined, visitorId)
      notify.message(message, visitorId, { agent: from })
      notify.conversation(message.conv)
      if (taken) {
        notify.visitorState(visitorId)
        notify.queue()
        notify.agents()
      }
    },
  }
}

export type Chat = ReturnType<typeof createChat>
