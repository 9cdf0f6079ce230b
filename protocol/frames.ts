/**
 * @module protocol/frames — every frame that crosses the wire, in both directions, for both
 * kinds of client (the visitor's widget and the operator's agent page). The relay, the widget
 * and the agent page all import these types; nothing else defines a frame.
 */
import type { ErrorCode } from './codes.js'

/** The visitors' WebSocket endpoint; a constant of its own so the widget carries only this one. */
export const VISITOR_WS_PATH = '/v1/visitor'
/** WebSocket endpoints on the relay. */
export const WS_PATH = { visitor: VISITOR_WS_PATH, agent: '/v1/agent' } as const
export type Role = keyof typeof WS_PATH

/**
 * Long-polling for visitors whose WebSocket cannot get through: the same frames over plain HTTP
 * POSTs. Stateless on the relay: every request carries a full `hello` naming what the client
 * already shows, so any request can land on any relay process, before or after a restart.
 */
export const POLL_PATH = '/v1/poll'

export interface PollRequest {
  hello: VisitorHello
  /** Frames to process before answering (no `hello` among them). */
  frames?: VisitorFrame[]
  /** How long the relay may hold the request open waiting for news, in ms. */
  wait?: number
  /**
   * The page's own id for its requests (random per page load, shaped like a cid: CID_PATTERN). A message one
   * of them sends is answered by its ack, so it is not news to the same page's held poll: that
   * poll is not woken (and the page spared a request) for it.
   */
  page?: string
}
export interface PollResponse {
  /** A `welcome` first (with what is new after the hello's lastSeq), then acks and errors. */
  frames: ToVisitor[]
}

// ── Shared shapes ───────────────────────────────────────────────────────────────────────────

export type Author = 'visitor' | 'agent' | 'system'

/** One stored message. `seq` is assigned by the relay, per conversation, gap-free from 1. */
export interface Message {
  conv: string
  seq: number
  /** The sender's client id: the idempotency key, unique forever. */
  cid: string
  from: Author
  /** Display name of the operator for `from: 'agent'`. */
  name?: string
  text: string
  /** Milliseconds since the epoch, relay clock, at commit. */
  at: number
  /** For `from: 'system'`: what happened, so each screen can say it in its own language (`text` is English). */
  event?: SystemEvent
}

/** The things the relay itself writes into a conversation. */
export type SystemEvent =
  | { kind: 'joined'; agent: string }
  | { kind: 'took_over'; agent: string; from: string }
  | { kind: 'to_department'; from: string; department: string }
  | { kind: 'requeued'; agent: string }
  | { kind: 'closed'; by: 'agent' | 'visitor'; agent?: string }

export type ContextValue = string | number | boolean | null
export type Context = Record<string, ContextValue>

export interface Page {
  url: string
  title?: string
}

/** What the page told us about the visitor. `verified` only when the site's HMAC matched. */
export interface Identity {
  id?: string
  name?: string
  email?: string
  verified: boolean
}

/** Everything an operator sees beside a chat. */
export interface VisitorCard {
  id: string
  site: string
  identity: Identity
  context: Context
  page: Page | null
  firstSeen: number
  lastSeen: number
  online: boolean
}

export type ConversationStatus = 'waiting' | 'open' | 'closed'
export type AgentStatus = 'online' | 'away' | 'offline'

export interface AgentRef {
  id: string
  name: string
}

/** The latest handover of a conversation: what the receiving operator reads first. */
export interface TransferNote {
  from: AgentRef
  to: { agent?: AgentRef; department?: string }
  note: string
  at: number
}

export interface Rating {
  score: number
  comment?: string
}

export interface ConversationSummary {
  id: string
  site: string
  visitorId: string
  /** Best name we have for the visitor: identify name, email, or null for anonymous. */
  visitorName: string | null
  status: ConversationStatus
  agent: AgentRef | null
  lastSeq: number
  epoch: string
  lastText: string
  lastFrom: Author | null
  /** From the visitor's context: steers routing. */
  department: string | null
  priority: boolean
  /** 1-based place in the queue while waiting. */
  position: number | null
  transfer: TransferNote | null
  rating: Rating | null
  /** An email left with a message when no operator was online. */
  contact: string | null
  createdAt: number
  updatedAt: number
  closedAt: number | null
}

/** An earlier conversation of the same visitor, listed beside the chat (read-only). */
export interface ConversationBrief {
  id: string
  status: ConversationStatus
  lastText: string
  messages: number
  createdAt: number
  closedAt: number | null
}

/** What operators see of each other: for transfers and the team list. */
export interface AgentPresence {
  id: string
  name: string
  status: AgentStatus
  skills: string[]
  active: number
  capacity: number
}

// ── Visitor (widget) → relay ────────────────────────────────────────────────────────────────

export interface VisitorHello {
  type: 'hello'
  site: string
  /** Omitted on a visitor's first visit; the relay then mints one and returns it in `welcome`. */
  token?: string
  /** The conversation this client already shows, if any, its epoch and the highest seq it
   *  shows without a gap. The relay replays what follows when conv and epoch still match. */
  conv?: string
  epoch?: string
  lastSeq?: number
  page?: Page
}
export interface VisitorIdentify {
  type: 'identify'
  id: string
  name?: string
  email?: string
  /** hex HMAC-SHA256(site secret, id), computed on the site's server. */
  hash?: string
}
export interface VisitorContext {
  type: 'context'
  data: Context
}
export interface VisitorSend {
  type: 'msg'
  cid: string
  text: string
  /**
   * Knowledge-base articles the visitor opened before sending, in the order read (ids; at most
   * KB_MAX_SEEN). The relay keeps them with the conversation, so the operator knows what was
   * already tried (issue 8); ids the site does not have are ignored.
   */
  articles?: string[]
}
export interface Ping {
  type: 'ping'
}
/** Asks for the messages after `after`: the next page of a replay, or a gap seen in live messages. */
export interface Sync {
  type: 'sync'
  conv: string
  after: number
}

/** The visitor is typing (sent when it starts and when it stops). */
export interface VisitorTyping {
  type: 'typing'
  on: boolean
}
/** The visitor ends the conversation. */
export interface VisitorClose {
  type: 'close'
}
export interface VisitorRate {
  type: 'rate'
  conv: string
  score: number
  comment?: string
}
/** The visitor moved to another page without a reload (a single-page app). */
export interface VisitorPage {
  type: 'page'
  url: string
  title?: string
}
/** "Leave a message": where to send the answer when no operator is online. */
export interface VisitorContact {
  type: 'contact'
  email: string
}
/** The visitor's answer to "Did this answer your question?" under a knowledge-base article (issue 8). */
export interface VisitorKbFeedback {
  type: 'kb_feedback'
  article: string
  helped: boolean
}

export type VisitorFrame =
  | VisitorHello
  | VisitorIdentify
  | VisitorContext
  | VisitorSend
  | Sync
  | Ping
  | VisitorTyping
  | VisitorClose
  | VisitorRate
  | VisitorContact
  | VisitorPage
  | VisitorKbFeedback

// ── Operator (agent page) → relay ───────────────────────────────────────────────────────────

export interface AgentHello {
  type: 'hello'
}
/** Open a conversation: subscribe to it and take it if it is still waiting. */
export interface AgentOpen {
  type: 'open'
  conv: string
}
export interface AgentSend {
  type: 'msg'
  conv: string
  cid: string
  text: string
}

export interface AgentStatusFrame {
  type: 'status'
  status: 'online' | 'away'
}
/** Take a waiting conversation from the queue (needs free capacity). */
export interface AgentTake {
  type: 'take'
  conv: string
}
/** Hand a conversation to a named operator or to a department, with a note for them. */
export interface AgentTransfer {
  type: 'transfer'
  conv: string
  agent?: string
  department?: string
  note: string
}
export interface AgentClose {
  type: 'close'
  conv: string
}
export interface AgentTyping {
  type: 'typing'
  conv: string
  on: boolean
}

/** The operator has read the conversation up to `seq`: the visitor's messages show as seen. */
export interface AgentSeen {
  type: 'seen'
  conv: string
  seq: number
}

export type AgentFrame = AgentHello | AgentOpen | AgentSend | Sync | Ping | AgentStatusFrame | AgentTake | AgentTransfer | AgentClose | AgentTyping | AgentSeen

// ── Relay → either client ───────────────────────────────────────────────────────────────────

export interface ErrorFrame {
  type: 'error'
  code: ErrorCode
  message: string
  /** The client id of the message this error refuses, when there is one. */
  cid?: string
  /** rate_limited: milliseconds until the frame may be sent again. */
  retryAfter?: number
}
/** Sent only after the message is committed; a resent cid gets the original seq. */
export interface AckFrame {
  type: 'ack'
  cid: string
  conv: string
  seq: number
}
export interface MessageFrame {
  type: 'msg'
  message: Message
}
export interface Pong {
  type: 'pong'
}
/** Answer to `sync`: the messages after its `after`, oldest first, at most REPLAY_PAGE. */
export interface PageFrame {
  type: 'page'
  conv: string
  epoch: string
  messages: Message[]
  more: boolean
}

// ── Relay → visitor ─────────────────────────────────────────────────────────────────────────

export interface VisitorWelcome {
  type: 'welcome'
  /** Keep this on the device; it is the visitor's only credential. */
  token: string
  visitor: string
  /** The visitor's current conversation, null until they first write. */
  conv: string | null
  /** Changes when the relay's history of `conv` was replaced (a restored database, say). */
  epoch: string | null
  /**
   * True when what the client shows cannot be continued (another conversation or epoch, or a
   * seq the relay never stored): drop the shown messages and take these. The outbox stays.
   */
  reset: boolean
  /** Messages after the hello's `lastSeq` (all of them on a reset), oldest first, at most REPLAY_PAGE. */
  messages: Message[]
  /** True when more messages follow than fit in this page: ask with `sync`. */
  more: boolean
}

/**
 * Where the visitor's conversation stands: sent after every welcome and whenever it changes
 * (queue position, who has it, closed). `available` is false when no operator is online.
 */
export interface VisitorState {
  type: 'state'
  conv: string | null
  status: ConversationStatus | null
  agent: string | null
  position: number | null
  /** Estimated wait in seconds; null when it cannot be known honestly. */
  eta: number | null
  available: boolean
  rating: Rating | null
  /** Highest seq an operator has read: the visitor's messages up to it show as seen. */
  seen: number
}
export interface OperatorTyping {
  type: 'typing'
  on: boolean
  name: string
}

export type ToVisitor = VisitorWelcome | AckFrame | MessageFrame | PageFrame | ErrorFrame | Pong | VisitorState | OperatorTyping

// ── Relay → operator ────────────────────────────────────────────────────────────────────────

export interface AgentWelcome {
  type: 'welcome'
  agent: { id: string; name: string }
  /** Waiting and open conversations, newest activity first. */
  conversations: ConversationSummary[]
}
/** A conversation appeared or changed (new message, taken by someone). */
export interface ConversationFrame {
  type: 'conv'
  conversation: ConversationSummary
}
/** Answer to `open`. */
export interface HistoryFrame {
  type: 'history'
  conversation: ConversationSummary
  visitor: VisitorCard
  messages: Message[]
  more: boolean
  /** The visitor's earlier conversations, newest first. */
  earlier: ConversationBrief[]
  /** Knowledge-base articles the visitor read before or while asking, in the order read (issue 8). */
  articles: SeenArticle[]
}
/** An article a visitor read; `helped` is their answer to "Did this answer your question?", null when they gave none. */
export interface SeenArticle {
  id: string
  title: string
  helped: boolean | null
}
/** Every operator and how they are doing; sent on welcome and on every change. */
export interface AgentsFrame {
  type: 'agents'
  agents: AgentPresence[]
}
export interface VisitorTypingOut {
  type: 'typing'
  conv: string
  on: boolean
}
/** The visitor's identity, context or presence changed. */
export interface VisitorFrameOut {
  type: 'visitor'
  visitor: VisitorCard
}

export type ToAgent =
  | AgentWelcome
  | ConversationFrame
  | HistoryFrame
  | VisitorFrameOut
  | AgentsFrame
  | VisitorTypingOut
  | AckFrame
  | MessageFrame
  | PageFrame
  | ErrorFrame
  | Pong
