/**
 * @module protocol/api — the REST API for a site's own servers (issue 8): its paths, limits and
 * the JSON it answers. Requests carry `Authorization: Bearer <token>` (`parley token add`); a
 * token acts for one site and sees nothing of any other. Conversations and messages reuse the
 * webhook shapes, so one parser serves both: absent values are null, never missing. Request
 * bodies and query strings are checked by api-validate.ts.
 */
import { MAX_FRAME_BYTES } from './limits.js'
import type { Author, Context, ConversationStatus, Identity, Page, Rating, SeenArticle } from './frames.js'
import type { WebhookConversation, WebhookMessage } from './webhooks.js'

export const API_PATH = '/v1/api'
/** The largest request body: a message of MAX_TEXT_LENGTH fits, escaped, as in a WebSocket frame. */
export const API_MAX_BODY_BYTES = MAX_FRAME_BYTES
/** Conversations per page of `GET /conversations`. */
export const API_DEFAULT_LIST = 50
export const API_MAX_LIST = 100
/** Messages per page of `GET /conversations/<id>`. */
export const API_DEFAULT_MESSAGES = 100
export const API_MAX_MESSAGES = 500
/** Ratings per page of `GET /ratings`. */
export const API_MAX_RATINGS = 500
/** What a bot is called in the chat when it gives no `name`. */
export const API_BOT_NAME = 'Bot'
export const API_MAX_NAME_LENGTH = 64

/** A conversation as the API lists it: the webhook shape, and what a reader of its transcript needs. */
export interface ApiConversation extends WebhookConversation {
  /** The seq of its last message: a transcript is complete when it reaches this. */
  lastSeq: number
  updatedAt: number
  rating: Rating | null
}

/**
 * A message: the webhook shape, and the name it is shown under. `from: 'agent'` with `agent: null`
 * is a bot's message, posted through this API.
 */
export interface ApiMessage extends WebhookMessage {
  /** The operator's name, or the bot's; null for the visitor's and system lines. */
  name: string | null
}

/** `as` in a request body: a bot, or an operator of the token's site, by login. */
export type ApiAs = 'bot' | { agent: string }
/** What `as` and `name` come to: a bot and the name it is shown under, or an operator's login. */
export type ApiAuthor = { bot: string } | { agent: string }

/** GET /v1/api/conversations?status=&limit=&before= — newest first. */
export interface ApiConversationsPage {
  conversations: ApiConversation[]
  /** Pass as `before` for the next (older) page; null when this page reached the oldest. */
  next: string | null
}
export interface ApiConversationsQuery {
  status?: ConversationStatus
  limit: number
  /** A conversation id from an earlier page: only conversations started before it. */
  before?: string
}

/** GET /v1/api/conversations/<id>?after=&limit= — the conversation and its messages after seq `after`. */
export interface ApiTranscript {
  conversation: ApiConversation
  messages: ApiMessage[]
  /** More messages follow: ask again with `after` = the last seq here. */
  more: boolean
}
export interface ApiTranscriptQuery {
  after: number
  limit: number
}

/** POST /v1/api/conversations/<id>/messages — 201 when stored, 200 when `cid` was stored before. */
export interface ApiPostMessage {
  text: string
  /** The idempotency key: a retry with the same cid stores nothing twice. The relay makes one when absent. */
  cid?: string
  as: ApiAs
  /** With `as: 'bot'`: the name the visitor sees (API_BOT_NAME when absent). An operator's name is their own. */
  name?: string
}
export interface ApiMessageInput {
  text: string
  cid?: string
  author: ApiAuthor
}
export interface ApiPosted {
  message: ApiMessage
  conversation: ApiConversation
}

/** POST /v1/api/conversations/<id>/close — no body: a bot named API_BOT_NAME. Closing a closed one changes nothing. */
export interface ApiClose {
  as?: ApiAs
  name?: string
}
export interface ApiClosed {
  conversation: ApiConversation
}

/** GET /v1/api/ratings?since=&limit= — oldest first, rated after `since` (ms since the epoch). */
export interface ApiRating {
  conversationId: string
  visitorId: string
  score: number
  comment: string | null
  /** Logins of the operators who handled the conversation. */
  agents: string[]
  createdAt: number
}
export interface ApiRatingsPage {
  ratings: ApiRating[]
  /** Pass as `since` for the next page; null when this page reached the newest rating. */
  next: number | null
}
export interface ApiRatingsQuery {
  since: number
  limit: number
}

/**
 * One visitor's data: GET /v1/api/visitors/<id>/export and `parley visitor export`. Times are
 * ISO 8601 (UTC). The format name changes if a field is ever renamed or removed.
 */
export interface VisitorExport {
  format: 'parley-visitor-export/1'
  exportedAt: string
  visitor: {
    id: string
    site: string
    identity: Identity
    context: Context
    page: Page | null
    firstSeen: string
    lastSeen: string
  }
  /** Their answers to "Did this answer your question?", per knowledge-base article, oldest first. */
  articleAnswers: { article: string; helped: boolean; at: string }[]
  /** Oldest first. */
  conversations: {
    id: string
    status: string
    department: string | null
    priority: boolean
    /** The address left with "leave a message". */
    contactEmail: string | null
    createdAt: string
    closedAt: string | null
    lastActivity: string
    /** Logins of the operators who handled it. */
    operators: string[]
    transfers: { from: string; to: string | null; department: string | null; note: string; at: string }[]
    rating: Rating | null
    /** Knowledge-base articles read before or while asking, in the order read. */
    articlesRead: SeenArticle[]
    messages: { seq: number; from: Author; name?: string; text: string; at: string }[]
  }[]
}
