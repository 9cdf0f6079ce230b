/** @module protocol/limits — every size and rate limit that both sides of the wire must agree on. */

/** Longest message text, in UTF-16 code units (what `String.length` counts). */
export const MAX_TEXT_LENGTH = 4000

/**
 * Largest WebSocket frame the relay will read. Frames up to this size are parsed and, if they
 * break a finer limit, answered with an error frame; past it `ws` closes only that socket (1009).
 * Kept well above what MAX_TEXT_LENGTH needs so an over-long message gets a readable error.
 */
export const MAX_FRAME_BYTES = 64 * 1024

/** Client message ids (nanoid's default is 21 characters). */
export const CID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/

/** Identifiers minted by the relay: conversations, visitors, sites. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Visitor tokens are 32 random bytes, base64url. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** Site names as used in `data-site` and `parley site add`. */
export const SITE_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/

/** `identify` fields. */
export const MAX_IDENTITY_FIELD = 200

/** `context`: at most this many keys, each key and string value bounded. */
export const MAX_CONTEXT_KEYS = 50
export const MAX_CONTEXT_KEY_LENGTH = 64
export const MAX_CONTEXT_VALUE_LENGTH = 500

/** Page URL and title sent with `hello`. */
export const MAX_URL_LENGTH = 2048
export const MAX_TITLE_LENGTH = 300

/** Messages sent in one replay page (`welcome`, `history`). */
export const REPLAY_PAGE = 500

/** Long-poll: frames in one request, the request body, and how long the relay holds a poll. */
export const POLL_MAX_FRAMES = 32
export const POLL_MAX_BODY_BYTES = 256 * 1024
export const POLL_MAX_WAIT_MS = 25_000

/** Epochs are short random ids. */
export const EPOCH_PATTERN = /^[A-Za-z0-9_-]{1,32}$/

/** Transfer notes and rating comments. */
export const MAX_NOTE_LENGTH = 1000
export const EMAIL_PATTERN = /^[^\s@]{1,100}@[^\s@]{1,100}\.[^\s@]{1,50}$/
/** Department names (matched against operator skills). */
export const SKILL_PATTERN = /^[\p{L}\p{N}_-]{1,32}$/u

/**
 * Frame rates, as token buckets: `burst` frames at once, then `perSecond`. A visitor's burst
 * covers a widget flushing a full outbox (50) after a reconnect; past a limit the relay answers
 * `rate_limited` with `retryAfter` and handles nothing of that frame.
 */
export const VISITOR_FRAME_RATE = { perSecond: 5, burst: 80 }
/** Open connections (WebSockets and waiting long-polls) per visitor; the widget keeps one per site. */
export const MAX_VISITOR_CONNECTIONS = 8
/** New conversations a visitor may start in an hour (each one reaches the operators' queue). */
export const MAX_CONVERSATIONS_PER_HOUR = 20

/** Per connection, either role: an operator pastes, switches chats and types in several at once. */
export const CONNECTION_FRAME_RATE = { perSecond: 20, burst: 200 }
