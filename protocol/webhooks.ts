/**
 * @module protocol/webhooks — the JSON a relay POSTs to a site's webhook endpoints, the headers
 * that sign it, and what `GET /agent/api/webhooks` answers. The shapes are a contract with code
 * we do not see: fields may be added, never renamed, removed or retyped. Absent values are null,
 * never missing, so a receiver can rely on every key being there.
 */
import type { AgentRef, Author, ConversationStatus, SystemEvent } from './frames.js'

export const WEBHOOK_EVENTS = [
  'conversation.created',
  'message.created',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.closed',
  'conversation.rated',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]

export const isWebhookEventType = (value: string): value is WebhookEventType => (WEBHOOK_EVENTS as readonly string[]).includes(value)

/**
 * Sent with every delivery. `Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`:
 * the timestamp is signed with the body, so a captured request cannot be replayed later.
 */
export const WEBHOOK_HEADERS = {
  signature: 'Parley-Signature',
  /** The event's id: the same on every retry of it; a receiver drops ids it has seen. */
  eventId: 'Parley-Event-Id',
  eventType: 'Parley-Event-Type',
  /** 1 on the first try, counting up on each retry. */
  attempt: 'Parley-Delivery-Attempt',
} as const

/** A receiver refuses signatures whose timestamp is further than this from its clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/** The conversation as it stood when the event was recorded (times: ms since the epoch, relay clock). */
export interface WebhookConversation {
  id: string
  visitorId: string
  status: ConversationStatus
  /** Login of the operator who has it; null while it waits in the queue. */
  agentId: string | null
  department: string | null
  priority: boolean
  /** The address the visitor left with "leave a message". */
  contactEmail: string | null
  createdAt: number
  closedAt: number | null
}

export interface WebhookMessage {
  seq: number
  /** The sender's client id: unique forever. */
  cid: string
  from: Author
  /** The operator who wrote it, for `from: 'agent'`; null for a bot's message (posted through the REST API). */
  agent: AgentRef | null
  /** For system lines this is the English wording; `event` says what happened. */
  text: string
  at: number
  event: SystemEvent | null
}

/** `data` of each event type. Every one carries the conversation it is about. */
export interface WebhookData {
  /** A visitor wrote for the first time (or again after a close): a new conversation, waiting. */
  'conversation.created': { conversation: WebhookConversation }
  /** Every stored message: the visitor's, an operator's, and the relay's system lines. */
  'message.created': { conversation: WebhookConversation; message: WebhookMessage }
  /** Given to an operator: by routing, taken from the queue, or the receiving end of a transfer. */
  'conversation.assigned': { conversation: WebhookConversation; agent: AgentRef }
  /**
   * Handed on by `from`. `to` is the operator named or picked; null when nobody in `department`
   * had room and it waits in the queue for them. Recorded before the move: `conversation` still
   * shows `from`, and a `conversation.assigned` follows when an operator took it.
   */
  'conversation.transferred': { conversation: WebhookConversation; from: AgentRef; to: AgentRef | null; department: string | null; note: string }
  /** `agent` is who closed it when `by` is 'agent'; null when the visitor did, or a bot through the REST API. */
  'conversation.closed': { conversation: WebhookConversation; by: 'agent' | 'visitor'; agent: AgentRef | null }
  'conversation.rated': { conversation: WebhookConversation; rating: { score: number; comment: string | null } }
}

/** What the relay POSTs: the body, byte for byte, is what the signature covers. */
export type WebhookEvent<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: {
    /** `evt_…`, the same on every retry: de-duplicate by it. */
    id: string
    type: K
    createdAt: number
    /** The site (`data-site`) the conversation belongs to. */
    site: string
    data: WebhookData[K]
  }
}[T]

/** One delivery that has not succeeded (yet): retried until `nextAttemptAt`, or given up at `failedAt`. */
export interface WebhookFailure {
  eventId: string
  type: WebhookEventType
  endpointId: string
  attempts: number
  /** HTTP status of the last try; null when it got no response (refused, timed out). */
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: number | null
  failedAt: number | null
  createdAt: number
}

/** GET /agent/api/webhooks (supervisors): each endpoint of the sites they serve, with its deliveries. */
export interface WebhookEndpointReport {
  id: string
  site: string
  url: string
  /** Empty: every event type, present and future. */
  events: WebhookEventType[]
  createdAt: number
  /** Deliveries still kept (delivered ones for a day, given-up ones for 30 days). */
  pending: number
  delivered: number
  failed: number
  lastDeliveredAt: number | null
  /** Newest first, at most 20: retrying or given up. */
  failures: WebhookFailure[]
}
export interface WebhooksReport {
  endpoints: WebhookEndpointReport[]
}
