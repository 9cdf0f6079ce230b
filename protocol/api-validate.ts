/**
 * @module protocol/api-validate — checks the REST API's query strings and request bodies
 * (protocol/api.ts) with the field checks frames use: only known fields come out, and a refusal
 * carries an error code and a sentence naming the field.
 */
import {
  API_BOT_NAME,
  API_DEFAULT_LIST,
  API_DEFAULT_MESSAGES,
  API_MAX_LIST,
  API_MAX_MESSAGES,
  API_MAX_NAME_LENGTH,
  API_MAX_RATINGS,
  type ApiAuthor,
  type ApiConversationsQuery,
  type ApiMessageInput,
  type ApiRatingsQuery,
  type ApiTranscriptQuery,
} from './api.js'
import type { ConversationStatus } from './frames.js'
import { CID_PATTERN, ID_PATTERN, MAX_TEXT_LENGTH } from './limits.js'
import { FieldError, fieldChecks, validateFields, type FieldCheck, type Parsed } from './validate.js'

const { string, optional, object } = fieldChecks

const STATUSES: readonly ConversationStatus[] = ['waiting', 'open', 'closed']

/** A whole number from a query string ("25"), or `fallback` when the parameter is absent. */
const count = (min: number, max: number, fallback: number): FieldCheck<number> => (value, name) => {
  if (value === undefined) return fallback
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new FieldError('bad_field', `${name} must be a whole number from ${min} to ${max}`)
  return n
}

const status: FieldCheck<ConversationStatus> = (value, name) => {
  if (!STATUSES.includes(value as ConversationStatus)) throw new FieldError('bad_field', `${name} must be one of ${STATUSES.join(', ')}`)
  return value as ConversationStatus
}

/** GET /conversations: `status`, `limit`, and `before` (a conversation id from the last page). */
export function parseApiConversationsQuery(query: unknown): Parsed<ApiConversationsQuery> {
  return validateFields<ApiConversationsQuery>(
    { status: optional(status), limit: count(1, API_MAX_LIST, API_DEFAULT_LIST), before: optional(string({ min: 1, max: 64, pattern: ID_PATTERN })) },
    query,
  )
}

/** GET /conversations/<id>: messages after seq `after`, `limit` of them. */
export function parseApiTranscriptQuery(query: unknown): Parsed<ApiTranscriptQuery> {
  return validateFields<ApiTranscriptQuery>({ after: count(0, Number.MAX_SAFE_INTEGER, 0), limit: count(1, API_MAX_MESSAGES, API_DEFAULT_MESSAGES) }, query)
}

/** GET /ratings: rated after `since` (ms since the epoch), `limit` of them. */
export function parseApiRatingsQuery(query: unknown): Parsed<ApiRatingsQuery> {
  return validateFields<ApiRatingsQuery>({ since: count(0, Number.MAX_SAFE_INTEGER, 0), limit: count(1, API_MAX_RATINGS, API_MAX_RATINGS) }, query)
}

const login = string({ min: 1, max: 64 })
const botName = string({ min: 1, max: API_MAX_NAME_LENGTH, blank: false })

/** `as` and `name` of a body: who writes or closes. `as` may be left out only where `fallback` is given. */
function author(body: Record<string, unknown>, fallback?: 'bot'): ApiAuthor {
  const as = body.as ?? fallback
  if (as === 'bot') return { bot: body.name === undefined ? API_BOT_NAME : botName(body.name, 'name').trim() }
  if (typeof as === 'object' && as !== null && !Array.isArray(as)) {
    if (body.name !== undefined) throw new FieldError('bad_field', 'name goes with as: "bot"; an operator writes under their own name')
    return { agent: login(object(as, 'as').agent, 'as.agent') }
  }
  throw new FieldError('bad_field', 'as must be "bot" or { "agent": "<operator login>" }')
}

/** Adds who the body names to fields that passed, refusing the body the way validateFields would. */
function withAuthor<T extends object>(parsed: Parsed<T>, body: unknown, fallback?: 'bot'): Parsed<T & { author: ApiAuthor }> {
  if (!parsed.ok) return parsed
  try {
    return { ok: true, frame: { ...parsed.frame, author: author(body as Record<string, unknown>, fallback) } }
  } catch (err) {
    if (!(err instanceof FieldError)) throw err
    return { ok: false, code: err.code, message: err.message }
  }
}

/** POST /conversations/<id>/messages: `{ text, cid?, as, name? }`. */
export function parseApiPostMessage(body: unknown): Parsed<ApiMessageInput> {
  const fields = validateFields<Omit<ApiMessageInput, 'author'>>(
    { text: string({ min: 1, max: MAX_TEXT_LENGTH, tooLong: 'too_large', blank: false }), cid: optional(string({ max: 64, pattern: CID_PATTERN })) },
    body,
  )
  return withAuthor(fields, body)
}

/** POST /conversations/<id>/close: `{ as?, name? }`; without `as`, a bot. */
export function parseApiClose(body: unknown): Parsed<{ author: ApiAuthor }> {
  return withAuthor(validateFields<object>({}, body), body, 'bot')
}
