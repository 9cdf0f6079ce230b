/** @module protocol/codes — error codes carried by error frames and HTTP errors, and WebSocket close codes. */

/**
 * Stable error codes. Clients and tests branch on these, never on the message text.
 * Each maps to an HTTP status where it can also come back from an HTTP route.
 */
export const ERROR_STATUS = {
  bad_json: 400, // the frame or body is not JSON
  bad_frame: 400, // JSON, but not an object with a string `type`
  unknown_type: 400, // a `type` this side of the wire does not accept
  bad_field: 400, // a field is missing, of the wrong type, or out of its limits
  too_large: 413, // a message or frame past its size limit
  not_ready: 409, // a frame other than `hello` before `hello` was answered
  unknown_site: 404, // `data-site` names no site on this relay
  not_found: 404, // a conversation or visitor that does not exist (or is not yours)
  bad_hash: 403, // `identify` with a hash that does not match
  unauthorized: 401, // no or expired operator session
  bad_credentials: 401, // wrong login or password
  forbidden: 403, // e.g. an operator socket from a foreign origin, or an action that is not yours
  rate_limited: 429, // too many attempts: wait and try again
  internal: 500, // a bug on the relay; the socket survives
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value)
}

// The codes a client's socket acts on are constants of their own as well: a bundle that needs only
// them (the widget's) then carries no copy of the whole table, since a bundler cannot drop an
// object's unused properties.
/** Operator session missing or expired: log in again, do not retry. */
const UNAUTHORIZED = 4401
/** Unknown site or forbidden origin: retrying cannot help. */
const REFUSED = 4403
/** No frames (not even pongs) for too long: the side that noticed gave up on this link. */
export const CLOSE_DEAD_LINK = 4408

/** WebSocket close codes (RFC 6455 §7.4 and the IANA registry; 4000–4999 are ours). */
export const CLOSE = {
  /** Relay is shutting down or restarting: reconnect with backoff (IANA "Service Restart"). */
  RESTART: 1012,
  /** Frame past MAX_FRAME_BYTES; `ws` sends this itself. Reconnecting is fine. */
  TOO_BIG: 1009,
  /** A text frame that is not valid UTF-8; `ws` sends this itself. Reconnecting is fine. */
  NOT_UTF8: 1007,
  UNAUTHORIZED,
  REFUSED,
  DEAD_LINK: CLOSE_DEAD_LINK,
  /** Too many connections for this visitor: reconnect later, with backoff (IANA "Try Again Later"). */
  TRY_LATER: 1013,
} as const

/** Close codes after which a client must not reconnect on its own. */
export const FINAL_CLOSE_CODES: readonly number[] = [UNAUTHORIZED, REFUSED]
