/**
 * @module scripts/fuzz/oracle — what the relay must answer to one fuzz frame. The protocol's own
 * validator says which frames are malformed and with which code; the protocol's rules say the
 * rest (nothing but hello and ping before hello, one hello per connection, hello to a site this
 * relay serves). Whatever else a valid frame gets — an ack or a refusal such as not_found — is up
 * to the relay, as long as a frame that asks for an answer gets one.
 */
import {
  CLOSE,
  MAX_FRAME_BYTES,
  parseClientFrame,
  validateClientFrame,
  type ErrorCode,
  type Parsed,
  type Role,
} from '../../protocol/index.js'
import { LOCKED_SITE, TEST_SITE } from '../../relay/testing.js'
import type { FuzzFrame } from './wire.js'

/** RFC 6455 §7.4.1: text that is not UTF-8. `ws` closes with it by itself, like 1009. */
export const CLOSE_INVALID_UTF8 = 1007

export type Expected =
  /** The relay closes the socket with this code (frames `ws` refuses before the relay sees them). */
  | { kind: 'close'; code: number }
  /** An error frame, with this code when the protocol fixes it, then maybe a close. */
  | { kind: 'error'; code?: ErrorCode; close?: number }
  /** Either outcome; with `reply`, silence is wrong: that reply or an error must come. */
  | { kind: 'answer'; reply?: string }

/** Frames that ask for a reply, and the reply's type. */
const REPLIES: Record<string, string> = { ping: 'pong', msg: 'ack', sync: 'page', open: 'history' }

function afterParse(role: Role, parsed: Parsed<{ type: string; site?: string }>, helloed: boolean, inPoll: boolean): Expected {
  if (!parsed.ok) return { kind: 'error', code: parsed.code }
  const { type } = parsed.frame
  if (type === 'hello') {
    if (inPoll || helloed) return { kind: 'error', code: 'bad_frame' }
    if (role === 'agent' || parsed.frame.site === TEST_SITE.id) return { kind: 'answer', reply: 'welcome' }
    // Fuzz sockets send no Origin, which the locked site refuses.
    return { kind: 'error', code: parsed.frame.site === LOCKED_SITE.id ? 'forbidden' : 'unknown_site', close: CLOSE.REFUSED }
  }
  if (type !== 'ping' && !helloed) return { kind: 'error', code: 'not_ready' }
  const reply = REPLIES[type]
  return reply ? { kind: 'answer', reply } : { kind: 'answer' }
}

/** The text the relay will read: what `ws` makes of a JS string (lone surrogates become U+FFFD). */
const asSent = (text: string): string => Buffer.from(text).toString()

export function expectOnSocket(role: Role, frame: FuzzFrame, helloed: boolean): { expected: Expected; validatorAccepts: boolean } {
  const bytes = typeof frame.data === 'string' ? Buffer.byteLength(frame.data) : frame.data.length
  if (bytes > MAX_FRAME_BYTES) return { expected: { kind: 'close', code: CLOSE.TOO_BIG }, validatorAccepts: false }
  if (typeof frame.data !== 'string') {
    const expected: Expected = frame.binary ? { kind: 'error', code: 'bad_frame' } : { kind: 'close', code: CLOSE_INVALID_UTF8 }
    return { expected, validatorAccepts: false }
  }
  const parsed = parseClientFrame(role, asSent(frame.data))
  return { expected: afterParse(role, parsed, helloed, false), validatorAccepts: parsed.ok }
}

/** A frame inside a long-poll request: `value` is what the request's JSON holds in its place. */
export function expectInPoll(value: unknown): { expected: Expected; validatorAccepts: boolean } {
  const parsed = validateClientFrame('visitor', value)
  return { expected: afterParse('visitor', parsed, true, true), validatorAccepts: parsed.ok }
}
