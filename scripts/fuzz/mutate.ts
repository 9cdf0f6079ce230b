/**
 * @module scripts/fuzz/mutate — turns a valid frame into a broken or strange one: wrong types,
 * missing and extra fields, huge and odd strings, numbers JSON cannot say, deep nesting, and
 * on the wire truncated JSON, garbage, binary, text that is not UTF-8 and frames past the limit.
 * Each mutation says whether the protocol must refuse the result (`reject`) or may take it (`any`).
 */
import { MAX_FRAME_BYTES, MAX_TEXT_LENGTH, type Role } from '../../protocol/index.js'
import type { Random } from '../chaos/prng.js'
import { TYPES, buildFrame, isOptional, pickType, type Draw } from './frames.js'
import { Raw, encode, markerText, type Claim, type FuzzFrame } from './wire.js'

export type Transport = 'ws' | 'poll'

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'raw'

function kindOf(value: unknown): Kind {
  if (value instanceof Raw) return 'raw'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value as Kind
}

const SAMPLES: Record<Exclude<Kind, 'raw'>, readonly unknown[]> = {
  string: ['', 'x', '42', 'true', 'null', 'hello'],
  number: [0, 1, -1, 42, 3.5, 1e21],
  boolean: [true, false],
  null: [null],
  array: [[], ['x'], [1, 2], [{}]],
  object: [{}, { a: 1 }, { type: 'msg' }],
}

const ODD_TEXT = [
  '\u202e', // right-to-left override
  '\u200f\u0627\u0644\u0639\u0631\u0628\u064a\u0629', // RTL mark, Arabic
  '\u0000',
  '\ud800', // lone surrogates: not valid UTF-16, become U+FFFD on the wire
  '\udfff',
  '😀👩‍👩‍👧',
  'e\u0301\u0301\u0301',
  '\ufeff',
  '\u2028\u2029',
  '\t\r\n',
  '<script>alert(1)</script>',
  "'; DROP TABLE messages; --",
  '%s%n{{7*7}}${x}',
]

/** Numbers as JSON text; the first few are not JSON at all. */
const NOT_JSON_NUMBERS = ['NaN', 'Infinity', '-Infinity', '0x10', '01', '+1', '.5']
const ODD_NUMBERS = ['-0', '1e308', '-1e308', '1e309', '5e-324', '9007199254740993', '1.0', '1e2', '-1', '0.5', '2e0']

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'seq', 'from', 'agentId', 'verified', 'admin', 'at', 'x']

const GARBAGE = ['', ' ', 'null', '[]', '42', '"hello"', 'true', '{', '}{', '<frame/>', 'undefined', '{type:"ping"}', "{'type':'ping'}", '\u0000', '{"type":"ping"}{"type":"ping"}', '[{"type":"ping"}]']

function deep(random: Random, levels: number): Raw {
  return random.chance(0.5) ? new Raw('['.repeat(levels) + ']'.repeat(levels)) : new Raw('{"a":'.repeat(levels) + '1' + '}'.repeat(levels))
}

/** Sets a property, even "__proto__", as an own key that JSON.stringify writes out. */
function put(frame: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(frame, key, { value, enumerable: true, writable: true, configurable: true })
}

/** What one mutation did: to which key, and whether that key alone now makes the frame refused. */
interface Step {
  key: string
  claim: Claim
  label: string
}

interface Target {
  frame: Record<string, unknown>
  /** The valid frame before any mutation: what kind each field must be. */
  original: Readonly<Record<string, unknown>>
  role: Role
  type: string
  d: Draw
}

type ValueOp = (target: Target) => Step

const fieldsOf = (frame: Record<string, unknown>) => Object.keys(frame).filter((key) => key !== 'type')
const stringFields = (frame: Record<string, unknown>) => fieldsOf(frame).filter((key) => typeof frame[key] === 'string')
/** A field of the valid frame now holding a value of another JSON kind is refused; an extra key is ignored. */
const kindClaim = (target: Target, key: string, value: unknown): Claim =>
  Object.hasOwn(target.original, key) && kindOf(target.original[key]) !== kindOf(value) ? 'reject' : 'any'

const retype: ValueOp = ({ frame, original, d: { random } }) => {
  const fields = fieldsOf(frame)
  if (fields.length === 0 || random.chance(0.1)) {
    put(frame, 'type', random.pick([42, null, true, ['msg'], { type: 'msg' }]))
    return { key: 'type', claim: 'reject', label: 'type not a string' }
  }
  const key = random.pick(fields)
  const kinds = (Object.keys(SAMPLES) as Exclude<Kind, 'raw'>[]).filter((kind) => !Object.hasOwn(original, key) || kind !== kindOf(original[key]))
  const kind = random.pick(kinds)
  put(frame, key, random.pick(SAMPLES[kind]))
  return { key, claim: Object.hasOwn(original, key) ? 'reject' : 'any', label: `${key} as ${kind}` }
}

/** Another type name: one of this role's (the fields may not fit it) or one it does not know. */
const rename: ValueOp = ({ frame, role, type, d: { random } }) => {
  const other: Role = role === 'visitor' ? 'agent' : 'visitor'
  const name = random.pick([
    ...TYPES[role],
    ...TYPES[other],
    type.toUpperCase(),
    `${type} `,
    `${type}\u0000`,
    '',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'welcome',
    'ack',
    'error',
  ])
  put(frame, 'type', name)
  return { key: 'type', claim: TYPES[role].includes(name) ? 'any' : 'reject', label: `type "${name}"` }
}

const drop: ValueOp = ({ frame, original, role, type, d: { random } }) => {
  const fields = fieldsOf(frame)
  if (fields.length === 0) {
    delete frame.type
    return { key: 'type', claim: 'reject', label: 'no type' }
  }
  const key = random.pick(fields)
  delete frame[key]
  return { key, claim: Object.hasOwn(original, key) && !isOptional(role, type, key) ? 'reject' : 'any', label: `without ${key}` }
}

const extra: ValueOp = (target) => {
  const { frame, d } = target
  const { random } = d
  const key = random.chance(0.8) ? random.pick(EXTRA_KEYS) : `k${random.int(0, 9999)}`
  const value = random.pick<() => unknown>([
    () => `${random.pick(ODD_TEXT)} ${markerText(d.marker)}`,
    () => random.pick(SAMPLES[random.pick(['string', 'number', 'boolean', 'null', 'array', 'object'] as const)]),
    () => new Raw(random.pick(ODD_NUMBERS)),
    () => deep(random, random.pick([16, 1000, 8000])),
    () => 'x'.repeat(random.int(1000, 20_000)),
  ])()
  put(frame, key, value)
  // Unknown keys are dropped by the validator; "seq" is a real field of `seen`, and there it judges.
  return { key, claim: 'any', label: `extra ${key}` }
}

/** Long strings around the limits: exactly MAX_TEXT_LENGTH, one past it, and far past. */
const huge: ValueOp = (target) => {
  const { frame, d } = target
  const fields = stringFields(frame)
  if (fields.length === 0) return extra(target)
  const key = d.random.pick(fields)
  const length = d.random.pick([MAX_TEXT_LENGTH, MAX_TEXT_LENGTH + 1, 1000, 10_000, 60_000])
  const head = `${markerText(d.marker)} `
  // Exactly `length` UTF-16 code units, as the limits count them (a cut emoji leaves a lone surrogate).
  const fill = d.random.pick(['x', 'é', '\u202e', '😀'])
  put(frame, key, (head + fill.repeat(length)).slice(0, length))
  return { key, claim: kindClaim(target, key, frame[key]), label: `${key} of ${length}` }
}

const unicode: ValueOp = (target) => {
  const { frame, d } = target
  const fields = stringFields(frame)
  if (fields.length === 0) return extra(target)
  const key = d.random.pick(fields)
  const odd = d.random.pick(ODD_TEXT)
  const value = frame[key] as string
  put(frame, key, d.random.chance(0.5) ? odd + value : value + odd)
  return { key, claim: kindClaim(target, key, frame[key]), label: `${key} with ${JSON.stringify(odd).slice(0, 16)}` }
}

const numbers: ValueOp = ({ frame, original, d: { random } }) => {
  const fields = fieldsOf(frame)
  const numeric = fields.filter((key) => typeof original[key] === 'number')
  const key = numeric.length > 0 && random.chance(0.8) ? random.pick(numeric) : fields.length > 0 ? random.pick(fields) : 'n'
  const notJson = random.chance(0.3)
  const text = random.pick(notJson ? NOT_JSON_NUMBERS : ODD_NUMBERS)
  put(frame, key, new Raw(text))
  // A number where a number belongs is for the validator to judge; in place of a string or object it is refused.
  const claim: Claim = notJson || (Object.hasOwn(original, key) && typeof original[key] !== 'number') ? 'reject' : 'any'
  return { key, claim, label: `${key}=${text}` }
}

/** Deep nesting in place of a field (always refused) or as an extra key (ignored). */
const nest: ValueOp = ({ frame, original, d: { random } }) => {
  const fields = fieldsOf(frame)
  const levels = random.pick([64, 1000, 10_000, 30_000])
  const key = fields.length > 0 && random.chance(0.7) ? random.pick(fields) : 'nested'
  put(frame, key, deep(random, levels))
  return { key, claim: Object.hasOwn(original, key) ? 'reject' : 'any', label: `${key} nested ${levels} deep` }
}

const VALUE_OPS: readonly ValueOp[] = [retype, retype, rename, drop, drop, extra, huge, unicode, unicode, numbers, nest]

/**
 * The claim of a mutated frame from the claims of its keys, latest per key: a later mutation of
 * the same key replaces an earlier one, and once the type names another frame, the fields'
 * claims no longer hold (they were judged against the old type).
 */
function claimOf(claims: Map<string, Claim>, renamed: boolean): Claim {
  if (claims.get('type') === 'reject') return 'reject'
  if (renamed) return 'any'
  return [...claims.values()].includes('reject') ? 'reject' : 'any'
}

/** Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong NUL, a surrogate. */
const BAD_UTF8 = [[0xff], [0x80], [0xc3, 0x28], [0xe2, 0x82], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]

/** What is done to the encoded frame as a whole; `undefined` leaves the JSON text as it is. */
function onTheWire(text: string, transport: Transport, random: Random): { data: string | Buffer; binary?: boolean; claim: Claim; label: string } | undefined {
  const roll = random.next()
  if (roll < 0.2) return { data: text.slice(0, random.int(0, text.length - 1)), claim: 'reject', label: 'truncated' }
  if (roll < 0.4) return { data: random.pick(GARBAGE), claim: 'reject', label: 'garbage' }
  if (roll < 0.48) return { data: text + random.pick([' x', '}', ',', '\u0000', '{}', ']']), claim: 'reject', label: 'trailing junk' }
  if (roll < 0.56) {
    const levels = random.pick([100, 5000, 30_000])
    return { data: '['.repeat(levels) + ']'.repeat(levels), claim: 'reject', label: `array nested ${levels} deep` }
  }
  if (transport === 'poll') return undefined
  // Each of the last two costs the socket (1007, 1009): rarer, so the lanes spend their time on frames.
  if (roll < 0.96) {
    const bytes = random.chance(0.5) ? Buffer.from(text) : Buffer.from(Array.from({ length: random.int(0, 64) }, () => random.int(0, 255)))
    return { data: bytes, binary: true, claim: 'reject', label: 'binary' }
  }
  if (roll < 0.98) {
    const bad = Buffer.from(random.pick(BAD_UTF8))
    return { data: Buffer.concat([Buffer.from(text.slice(0, -2)), bad, Buffer.from('"}')]), claim: 'reject', label: 'not UTF-8' }
  }
  const pad = 'x'.repeat(MAX_FRAME_BYTES + random.int(1, 4096))
  return { data: `${text.slice(0, -1)},"pad":"${pad}"}`, claim: 'reject', label: `past MAX_FRAME_BYTES` }
}

export interface FrameOptions {
  role: Role
  transport: Transport
  /** A type to start from; otherwise one is drawn. */
  type?: string
  /** Chance that the frame goes out clean. */
  clean?: number
}

/** One fuzz frame: a valid frame, changed or not. */
export function fuzzFrame(d: Draw, { role, transport, type = pickType(role, d.random), clean = 0.35 }: FrameOptions): FuzzFrame {
  const { random } = d
  const frame = buildFrame(role, type, d)
  const base = { binary: false, marker: d.marker, ...(typeof frame.cid === 'string' && { cid: frame.cid }) }
  const roll = random.next()
  if (roll < clean) return { ...base, data: encode(frame), claim: 'valid', label: `${role} ${type}` }
  if (roll < clean + (1 - clean) * 0.75) {
    const target: Target = { frame, original: { ...frame }, role, type, d }
    const claims = new Map<string, Claim>()
    const labels: string[] = []
    for (let i = random.chance(0.7) ? 1 : random.int(2, 3); i > 0; i--) {
      const step = random.pick(VALUE_OPS)(target)
      claims.set(step.key, step.claim)
      labels.push(step.label)
    }
    const claim = claimOf(claims, frame.type !== type)
    return { ...base, cid: typeof frame.cid === 'string' ? frame.cid : undefined, data: encode(frame), claim, label: `${role} ${type}: ${labels.join('; ')}` }
  }
  const wire = onTheWire(encode(frame), transport, random)
  if (!wire) return fuzzFrame(d, { role, transport, type, clean: 0 })
  return { ...base, data: wire.data, binary: wire.binary ?? false, claim: wire.claim, label: `${role} ${type}: ${wire.label}` }
}

