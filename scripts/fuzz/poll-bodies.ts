/**
 * @module scripts/fuzz/poll-bodies — long-poll requests the relay must refuse whole, each with
 * the error code it must answer: bodies that are not JSON or not an object, a missing, broken or
 * foreign hello, `frames` that are not an array or too many, a bad `wait`, a body past the limit.
 * Each carries messages with the request's marker, which must not be stored.
 */
import { POLL_MAX_BODY_BYTES, POLL_MAX_FRAMES, POLL_MAX_WAIT_MS, validateClientFrame, type ErrorCode } from '../../protocol/index.js'
import { LOCKED_SITE } from '../../relay/testing.js'
import { buildFrame, type Draw } from './frames.js'
import { fuzzFrame } from './mutate.js'
import { Raw, encode, markerText } from './wire.js'

export interface RefusedBody {
  body: string
  code: ErrorCode
  label: string
  headers?: Record<string, string>
}

const GARBAGE = ['', '{', 'hello', '<poll/>', '{"hello":', "{'hello':{}}", '{"hello":{"type":"hello","site":"shop"}}}']

/** A clean hello that the relay would take, and messages that would be stored if the request were. */
function parts(d: Draw, hello: Record<string, unknown>): { hello: Record<string, unknown>; frames: Record<string, unknown>[] } {
  const frames = Array.from({ length: d.random.int(1, 3) }, (_, i) => ({ type: 'msg', cid: `fz-body-${d.marker}-${i}`, text: `refused request ${markerText(d.marker)}` }))
  return { hello, frames }
}

/** A hello broken so the validator refuses it, and the code it refuses it with. */
function brokenHello(d: Draw, hello: Record<string, unknown>): { hello: unknown; code: ErrorCode; label: string } {
  const fuzzed = fuzzFrame(d, { role: 'visitor', transport: 'poll', type: 'hello', clean: 0 })
  if (typeof fuzzed.data === 'string') {
    let value: unknown = fuzzed.data
    try {
      value = JSON.parse(fuzzed.data)
    } catch {
      // Not JSON: it goes in as a string, which is not a frame.
    }
    const parsed = validateClientFrame('visitor', value)
    if (!parsed.ok) return { hello: typeof value === 'string' ? value : new Raw(fuzzed.data), code: parsed.code, label: `hello ${fuzzed.label}` }
  }
  return { hello: { ...hello, lastSeq: -1 }, code: 'bad_field', label: 'hello lastSeq -1' }
}

export function refusedBody(d: Draw, hello: Record<string, unknown>): RefusedBody {
  const { random } = d
  const clean = parts(d, hello)
  const body = (value: Record<string, unknown>) => encode(value)
  switch (random.int(0, 10)) {
    case 0: {
      const text = random.chance(0.5) ? random.pick(GARBAGE) : body(clean).slice(0, random.int(0, body(clean).length - 1))
      return { body: text, code: 'bad_json', label: 'body not JSON' }
    }
    case 1:
      return { body: random.pick(['null', '[]', '42', '"poll"', 'true', `[${body(clean)}]`]), code: 'bad_frame', label: 'body not an object' }
    case 2:
      return { body: body({ frames: clean.frames }), code: 'bad_frame', label: 'no hello' }
    case 3: {
      const other = random.pick(['msg', 'ping', 'context', 'close'])
      return { body: body({ ...clean, hello: buildFrame('visitor', other, d) }), code: 'bad_frame', label: `hello of type ${other}` }
    }
    case 4: {
      const broken = brokenHello(d, hello)
      return { body: body({ ...clean, hello: broken.hello }), code: broken.code, label: broken.label }
    }
    case 5:
      return { body: body({ ...clean, hello: { ...hello, site: `nosuch-${random.int(0, 99)}` } }), code: 'unknown_site', label: 'unknown site' }
    case 6: {
      const headers: Record<string, string> = random.chance(0.5) ? { Origin: 'https://evil.example' } : {}
      return { body: body({ ...clean, hello: { ...hello, site: LOCKED_SITE.id } }), code: 'forbidden', label: 'origin not allowed', headers }
    }
    case 7: {
      const frames = random.pick<unknown>([clean.frames[0], 'frames', 5, null, true])
      return { body: body({ hello, frames }), code: 'bad_field', label: 'frames not an array' }
    }
    case 8: {
      const frames = Array.from({ length: random.int(POLL_MAX_FRAMES + 1, POLL_MAX_FRAMES * 2) }, (_, i) => clean.frames[i % clean.frames.length])
      return { body: body({ hello, frames }), code: 'bad_field', label: 'too many frames' }
    }
    case 9: {
      const wait = random.pick<unknown>([-1, 1.5, '10', POLL_MAX_WAIT_MS + 1, null, true, new Raw('1e308'), []])
      return { body: body({ ...clean, wait }), code: 'bad_field', label: `wait ${encode(wait)}` }
    }
    default: {
      const frames = [...clean.frames, { type: 'msg', cid: `fz-big-${d.marker}`, text: `${markerText(d.marker)} ${'x'.repeat(POLL_MAX_BODY_BYTES)}` }]
      return { body: body({ hello, frames }), code: 'too_large', label: 'body past POLL_MAX_BODY_BYTES' }
    }
  }
}
