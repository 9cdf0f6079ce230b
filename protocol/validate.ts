/**
 * @module protocol/validate — the one validator for every frame a client sends the relay.
 * It never throws: any input, however malformed, yields either a clean frame holding only
 * known fields or an error code and a sentence for the error frame.
 */
import type { ErrorCode } from './codes.js'
import type { AgentFrame, Context, ContextValue, Page, Role, VisitorFrame } from './frames.js'
import {
  CID_PATTERN,
  EMAIL_PATTERN,
  EPOCH_PATTERN,
  ID_PATTERN,
  MAX_CONTEXT_KEY_LENGTH,
  MAX_CONTEXT_KEYS,
  MAX_CONTEXT_VALUE_LENGTH,
  MAX_IDENTITY_FIELD,
  MAX_NOTE_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  SITE_PATTERN,
  SKILL_PATTERN,
  TOKEN_PATTERN,
} from './limits.js'
import { KB_ID_PATTERN, KB_MAX_SEEN } from './kb.js'

export type Parsed<T> = { ok: true; frame: T } | { ok: false; code: ErrorCode; message: string; cid?: string }

class Invalid {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}

/** Checks one field's raw value; returns the clean value or throws Invalid. */
type Check<T> = (value: unknown, name: string) => T
type Optional<T> = Check<T | undefined> & { optional: true }

function optional<T>(check: Check<T>): Optional<T> {
  const wrapped = ((value: unknown, name: string) => (value === undefined ? undefined : check(value, name))) as Optional<T>
  wrapped.optional = true
  return wrapped
}

function string(opts: { min?: number; max: number; pattern?: RegExp; tooLong?: ErrorCode; blank?: boolean }): Check<string> {
  return (value, name) => {
    if (typeof value !== 'string') throw new Invalid('bad_field', `${name} must be a string`)
    if (value.length > opts.max) throw new Invalid(opts.tooLong ?? 'bad_field', `${name} is longer than ${opts.max} characters`)
    if (value.length < (opts.min ?? 0)) throw new Invalid('bad_field', `${name} is too short`)
    if (opts.blank === false && value.trim() === '') throw new Invalid('bad_field', `${name} must not be blank`)
    if (opts.pattern && !opts.pattern.test(value)) throw new Invalid('bad_field', `${name} has characters or a length it may not have`)
    return value
  }
}

function integer(min: number, max: number): Check<number> {
  return (value, name) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new Invalid('bad_field', `${name} must be an integer from ${min} to ${max}`)
    }
    return value
  }
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid('bad_field', `${name} must be an object`)
  return value as Record<string, unknown>
}

const url: Check<string> = (value, name) => {
  const text = string({ min: 1, max: MAX_URL_LENGTH })(value, name)
  if (!/^https?:\/\//i.test(text)) throw new Invalid('bad_field', `${name} must be an http(s) URL`)
  return text
}

const page: Check<Page> = (value, name) => {
  const raw = object(value, name)
  const title = optional(string({ max: MAX_TITLE_LENGTH }))(raw.title, `${name}.title`)
  const clean: Page = { url: url(raw.url, `${name}.url`) }
  if (title !== undefined) clean.title = title
  return clean
}

const contextValue: Check<ContextValue> = (value, name) => {
  if (value === null || typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Invalid('bad_field', `${name} must be a finite number`)
    return value
  }
  return string({ max: MAX_CONTEXT_VALUE_LENGTH })(value, name)
}

const context: Check<Context> = (value, name) => {
  const entries = Object.entries(object(value, name))
  if (entries.length > MAX_CONTEXT_KEYS) throw new Invalid('bad_field', `${name} has more than ${MAX_CONTEXT_KEYS} keys`)
  // fromEntries defines own properties, so a "__proto__" key stays a harmless key.
  return Object.fromEntries(
    entries.map(([key, v]) => {
      if (key.length === 0 || key.length > MAX_CONTEXT_KEY_LENGTH) {
        throw new Invalid('bad_field', `${name} keys must be 1 to ${MAX_CONTEXT_KEY_LENGTH} characters`)
      }
      return [key, contextValue(v, `${name}.${key}`)]
    }),
  )
}

const text = string({ min: 1, max: MAX_TEXT_LENGTH, tooLong: 'too_large', blank: false })
const cid = string({ max: 64, pattern: CID_PATTERN })
const conv = string({ max: 64, pattern: ID_PATTERN })
const identityField = string({ max: MAX_IDENTITY_FIELD })
const lastSeq = integer(0, Number.MAX_SAFE_INTEGER)
const on: Check<boolean> = (value, name) => {
  if (typeof value !== 'boolean') throw new Invalid('bad_field', `${name} must be true or false`)
  return value
}
const articleId = string({ max: 64, pattern: KB_ID_PATTERN })
/** Ids of articles read before asking, in the order read; a repeat is kept once. */
const articleIds: Check<string[]> = (value, name) => {
  if (!Array.isArray(value) || value.length > KB_MAX_SEEN) throw new Invalid('bad_field', `${name} must be an array of at most ${KB_MAX_SEEN} article ids`)
  return [...new Set(value.map((id, i) => articleId(id, `${name}[${i}]`)))]
}
const note = string({ max: MAX_NOTE_LENGTH, tooLong: 'too_large' })
const department = string({ max: 32, pattern: SKILL_PATTERN })
const status: Check<'online' | 'away'> = (value, name) => {
  if (value !== 'online' && value !== 'away') throw new Invalid('bad_field', `${name} must be "online" or "away"`)
  return value
}

/** A spec lists a check for every field of a frame except `type`. */
type Spec<F> = { [K in Exclude<keyof F, 'type'>]-?: undefined extends F[K] ? Optional<Exclude<F[K], undefined>> : Check<F[K]> }
type Specs<U extends { type: string }> = { [T in U['type']]: Spec<Extract<U, { type: T }>> }

const VISITOR_SPECS: Specs<VisitorFrame> = {
  hello: {
    site: string({ max: 63, pattern: SITE_PATTERN }),
    token: optional(string({ max: 43, pattern: TOKEN_PATTERN })),
    conv: optional(conv),
    epoch: optional(string({ max: 32, pattern: EPOCH_PATTERN })),
    lastSeq: optional(lastSeq),
    page: optional(page),
  },
  identify: {
    id: string({ min: 1, max: MAX_IDENTITY_FIELD, blank: false }),
    name: optional(identityField),
    email: optional(identityField),
    hash: optional(string({ max: 128, pattern: /^[0-9a-fA-F]{64}$/ })),
  },
  context: { data: context },
  msg: { cid, text, articles: optional(articleIds) },
  sync: { conv, after: lastSeq },
  ping: {},
  typing: { on },
  close: {},
  rate: { conv, score: integer(1, 5), comment: optional(note) },
  contact: { email: string({ max: 254, pattern: EMAIL_PATTERN }) },
  page: { url, title: optional(string({ max: MAX_TITLE_LENGTH })) },
  kb_feedback: { article: articleId, helped: on },
}

const AGENT_SPECS: Specs<AgentFrame> = {
  hello: {},
  open: { conv },
  msg: { conv, cid, text },
  sync: { conv, after: lastSeq },
  ping: {},
  status: { status },
  take: { conv },
  transfer: { conv, agent: optional(string({ max: 64, pattern: /^[a-z0-9][a-z0-9._-]{0,63}$/ })), department: optional(department), note },
  close: { conv },
  typing: { conv, on },
  seen: { conv, seq: lastSeq },
}

const SPECS: Record<Role, Record<string, Record<string, Check<unknown>>>> = {
  visitor: VISITOR_SPECS,
  agent: AGENT_SPECS,
}

export function parseClientFrame(role: 'visitor', raw: string): Parsed<VisitorFrame>
export function parseClientFrame(role: 'agent', raw: string): Parsed<AgentFrame>
export function parseClientFrame(role: Role, raw: string): Parsed<VisitorFrame | AgentFrame>
export function parseClientFrame(role: Role, raw: string): Parsed<VisitorFrame | AgentFrame> {
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return { ok: false, code: 'bad_json', message: 'frame is not valid JSON' }
  }
  return validateClientFrame(role, data)
}

/** Validates an already-decoded frame (long-poll bodies arrive as parsed JSON). */
export function validateClientFrame(role: 'visitor', data: unknown): Parsed<VisitorFrame>
export function validateClientFrame(role: 'agent', data: unknown): Parsed<AgentFrame>
export function validateClientFrame(role: Role, data: unknown): Parsed<VisitorFrame | AgentFrame>
export function validateClientFrame(role: Role, data: unknown): Parsed<VisitorFrame | AgentFrame> {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof (data as { type?: unknown }).type !== 'string') {
    return { ok: false, code: 'bad_frame', message: 'a frame is a JSON object with a string "type"' }
  }
  const raw = data as Record<string, unknown>
  const type = raw.type as string
  const specs = SPECS[role]
  const spec = Object.prototype.hasOwnProperty.call(specs, type) ? specs[type] : undefined
  // Echo the cid back on refusals so the sender can mark exactly that message as failed.
  const refusedCid = typeof raw.cid === 'string' && CID_PATTERN.test(raw.cid) ? raw.cid : undefined
  if (!spec) return { ok: false, code: 'unknown_type', message: `unknown frame type "${type.slice(0, 32)}"` }
  let frame: Record<string, unknown>
  try {
    frame = { type, ...cleanFields(spec, raw) }
  } catch (err) {
    if (!(err instanceof Invalid)) throw err
    const refusal: Parsed<never> = { ok: false, code: err.code, message: err.message }
    if (refusedCid) refusal.cid = refusedCid
    return refusal
  }
  return { ok: true, frame: frame as unknown as VisitorFrame | AgentFrame }
}

/** Runs each check of `spec` on its field of `raw`: an object of the spec's fields only, or throws Invalid. */
function cleanFields(spec: Record<string, Check<unknown>>, raw: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {}
  for (const [name, check] of Object.entries(spec)) {
    const value = check(raw[name], name)
    if (value !== undefined) clean[name] = value
  }
  return clean
}

/**
 * Validates a JSON object that is not a frame (a REST body, an import entry) against a spec of
 * field checks, the same way frames are: never throws, and only the spec's fields come out.
 * The checks come from `fieldChecks`, or are written like them, throwing FieldError.
 */
export function validateFields<T>(spec: { readonly [name: string]: Check<unknown> }, data: unknown): Parsed<T> {
  try {
    return { ok: true, frame: cleanFields(spec, object(data, 'body')) as T }
  } catch (err) {
    if (!(err instanceof Invalid)) throw err
    return { ok: false, code: err.code, message: err.message }
  }
}

/** The field checks frames are built from, for specs given to validateFields. */
export const fieldChecks = { string, integer, optional, object }
export { Invalid as FieldError, type Check as FieldCheck }
