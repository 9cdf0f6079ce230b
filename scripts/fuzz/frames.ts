/**
 * @module scripts/fuzz/frames — a valid frame of every client frame type, visitor and operator
 * side, drawn from a seeded Random. Free-text fields carry the frame's `FZ<n>Q` marker so the
 * run can find out later whether anything of the frame was stored.
 */
import { createHmac } from 'node:crypto'
import type { AgentFrame, Context, Role, VisitorFrame, VisitorHello } from '../../protocol/index.js'
import { LOCKED_SITE, TEST_AGENT, TEST_SITE } from '../../relay/testing.js'
import type { Random } from '../chaos/prng.js'
import { markerText } from './wire.js'

/** What the relay has handed out so far, for frames that name real things. Bounded. */
export interface Pools {
  /** Visitor tokens from welcomes. */
  tokens: string[]
  /** Conversations of fuzz visitors (never the well-behaved client's). */
  convs: string[]
  /** Epochs seen beside them. */
  epochs: string[]
}

const POOL_SIZE = 32

export function createPools(): Pools {
  return { tokens: [], convs: [], epochs: [] }
}

export function remember(pool: string[], value: string): void {
  if (pool.includes(value)) return
  pool.push(value)
  if (pool.length > POOL_SIZE) pool.shift()
}

/** One frame's draw: its randomness, its marker and what it may refer to. */
export interface Draw {
  random: Random
  marker: number
  pools: Pools
}

const WORDS = ['hello', 'where', 'is', 'my', 'order', 'refund', 'thanks', 'please', 'help', 'parcel', 'today', 'ok']
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

export const cidOf = (marker: number): string => `fz-cid-${String(marker).padStart(7, '0')}`

function words({ random, marker }: Draw): string {
  const some = Array.from({ length: random.int(1, 6) }, () => random.pick(WORDS))
  return `${some.join(' ')} ${markerText(marker)}`
}

function randomId(random: Random, length: number): string {
  return Array.from({ length }, () => ALPHABET[random.int(0, ALPHABET.length - 1)]).join('')
}

/** Mostly a real conversation, sometimes one that does not exist. */
function conv({ random, pools }: Draw): string {
  if (pools.convs.length > 0 && random.chance(0.8)) return random.pick(pools.convs)
  return `nope-${random.int(0, 999)}`
}

/** Knowledge-base article ids: the relay ignores ids its site has no article for, so any will do. */
const ARTICLES = ['refunds', 'shipping', 'payments', 'no-such-article']

function articles({ random }: Draw): string[] {
  return random.shuffle([...ARTICLES]).slice(0, random.int(0, ARTICLES.length))
}

/** Mostly a fresh cid; now and then an earlier one, to resend or to collide. */
function cid({ random, marker }: Draw): string {
  return random.chance(0.05) ? cidOf(random.int(Math.max(0, marker - 50), marker)) : cidOf(marker)
}

type Builders<U extends { type: string }> = { [T in U['type']]: (d: Draw) => Extract<U, { type: T }> }
type OptionalKeys<F> = { [K in keyof F]-?: undefined extends F[K] ? K : never }[keyof F]
/** Per type, every field the protocol lets a frame leave out (checked against frames.ts at compile time). */
type Optionals<U extends { type: string }> = { [T in U['type']]: { [K in OptionalKeys<Extract<U, { type: T }>>]: true } }

function visitorHello(d: Draw): VisitorHello {
  const { random, pools } = d
  const site = random.chance(0.96) ? TEST_SITE.id : random.chance(0.5) ? LOCKED_SITE.id : `nosuch-${random.int(0, 99)}`
  const frame: VisitorHello = { type: 'hello', site }
  // Mostly a returning visitor: each new one starts a conversation that waits in the queue for good.
  const roll = random.next()
  if (pools.tokens.length > 0 && roll < 0.97) frame.token = random.pick(pools.tokens)
  else if (roll < 0.985) frame.token = randomId(random, 43)
  if (random.chance(0.25)) {
    frame.conv = conv(d)
    frame.epoch = pools.epochs.length > 0 && random.chance(0.7) ? random.pick(pools.epochs) : randomId(random, 10)
    frame.lastSeq = random.int(0, 30)
  }
  if (random.chance(0.3)) frame.page = { url: `https://shop.example/p/${markerText(d.marker)}`, ...(random.chance(0.5) && { title: words(d) }) }
  return frame
}

function context(d: Draw): Context {
  const { random } = d
  const all: Context = {
    plan: random.pick(['Gold', 'Free']),
    note: words(d),
    seats: random.int(0, 100),
    vip: random.chance(0.5),
    department: random.pick(['sales', 'support']),
    priority: random.pick([true, 'high', null]),
  }
  return Object.fromEntries(random.shuffle(Object.entries(all)).slice(0, random.int(1, 6)))
}

const VISITOR: Builders<VisitorFrame> = {
  hello: visitorHello,
  identify(d) {
    const { random } = d
    const id = `user-${random.int(0, 40)}`
    const frame: Extract<VisitorFrame, { type: 'identify' }> = { type: 'identify', id }
    if (random.chance(0.6)) frame.name = words(d)
    if (random.chance(0.4)) frame.email = `${markerText(d.marker)}@example.com`
    const roll = random.next()
    if (roll < 0.3) frame.hash = createHmac('sha256', TEST_SITE.secret).update(id).digest('hex')
    else if (roll < 0.45) frame.hash = 'ab'.repeat(32)
    return frame
  },
  context: (d) => ({ type: 'context', data: context(d) }),
  msg: (d) => ({ type: 'msg', cid: cid(d), text: words(d), ...(d.random.chance(0.2) && { articles: articles(d) }) }),
  sync: (d) => ({ type: 'sync', conv: conv(d), after: d.random.int(0, 10) }),
  ping: () => ({ type: 'ping' }),
  typing: (d) => ({ type: 'typing', on: d.random.chance(0.5) }),
  close: () => ({ type: 'close' }),
  rate: (d) => ({ type: 'rate', conv: conv(d), score: d.random.int(1, 5), ...(d.random.chance(0.5) && { comment: words(d) }) }),
  contact: (d) => ({ type: 'contact', email: `${markerText(d.marker)}@example.com` }),
  page: (d) => ({ type: 'page', url: `https://shop.example/${markerText(d.marker)}`, ...(d.random.chance(0.5) && { title: words(d) }) }),
  kb_feedback: (d) => ({ type: 'kb_feedback', article: d.random.pick(ARTICLES), helped: d.random.chance(0.5) }),
}

const AGENT: Builders<AgentFrame> = {
  hello: () => ({ type: 'hello' }),
  open: (d) => ({ type: 'open', conv: conv(d) }),
  msg: (d) => ({ type: 'msg', conv: conv(d), cid: cid(d), text: words(d) }),
  sync: (d) => ({ type: 'sync', conv: conv(d), after: d.random.int(0, 10) }),
  ping: () => ({ type: 'ping' }),
  status: (d) => ({ type: 'status', status: d.random.chance(0.85) ? 'online' : 'away' }),
  take: (d) => ({ type: 'take', conv: conv(d) }),
  transfer(d) {
    const { random } = d
    const frame: Extract<AgentFrame, { type: 'transfer' }> = { type: 'transfer', conv: conv(d), note: words(d) }
    const roll = random.next()
    // Now and then both or neither: valid on the wire, refused by the relay.
    if (roll < 0.5 || roll > 0.95) frame.agent = random.pick([TEST_AGENT.id, 'bob', 'nobody'])
    if (roll >= 0.45 && roll < 0.95) frame.department = random.pick(['sales', 'support'])
    return frame
  },
  close: (d) => ({ type: 'close', conv: conv(d) }),
  typing: (d) => ({ type: 'typing', conv: conv(d), on: d.random.chance(0.5) }),
  seen: (d) => ({ type: 'seen', conv: conv(d), seq: d.random.int(0, 30) }),
}

const VISITOR_OPTIONAL: Optionals<VisitorFrame> = {
  hello: { token: true, conv: true, epoch: true, lastSeq: true, page: true },
  identify: { name: true, email: true, hash: true },
  context: {},
  msg: { articles: true },
  sync: {},
  ping: {},
  typing: {},
  close: {},
  rate: { comment: true },
  contact: {},
  page: { title: true },
  kb_feedback: {},
}

const AGENT_OPTIONAL: Optionals<AgentFrame> = {
  hello: {},
  open: {},
  msg: {},
  sync: {},
  ping: {},
  status: {},
  take: {},
  transfer: { agent: true, department: true },
  close: {},
  typing: {},
  seen: {},
}

/** How often each type is drawn: messages most, a second hello now and then. */
const WEIGHTS: { visitor: Record<VisitorFrame['type'], number>; agent: Record<AgentFrame['type'], number> } = {
  visitor: { msg: 30, ping: 5, typing: 8, context: 8, identify: 6, sync: 8, page: 6, close: 4, rate: 5, contact: 5, kb_feedback: 4, hello: 3 },
  agent: { msg: 25, open: 12, take: 8, transfer: 8, close: 6, typing: 8, seen: 8, sync: 8, status: 6, ping: 5, hello: 3 },
}

const BUILDERS: Record<Role, Record<string, (d: Draw) => object>> = { visitor: VISITOR, agent: AGENT }
const OPTIONAL: Record<Role, Record<string, Record<string, true>>> = { visitor: VISITOR_OPTIONAL, agent: AGENT_OPTIONAL }

/** Every frame type a role may send. */
export const TYPES: Record<Role, readonly string[]> = { visitor: Object.keys(VISITOR), agent: Object.keys(AGENT) }

export function pickType(role: Role, random: Random): string {
  const weights = Object.entries(WEIGHTS[role] as Record<string, number>)
  let roll = random.next() * weights.reduce((sum, [, w]) => sum + w, 0)
  for (const [type, weight] of weights) if ((roll -= weight) < 0) return type
  return weights[0]![0]
}

/** A valid frame of `type`, as a plain object to mutate. */
export function buildFrame(role: Role, type: string, d: Draw): Record<string, unknown> {
  return { ...BUILDERS[role][type]!(d) }
}

export function isOptional(role: Role, type: string, field: string): boolean {
  return OPTIONAL[role][type]?.[field] === true
}
