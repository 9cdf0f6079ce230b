/**
 * @module scripts/fuzz/poll-lane — fuzz frames through long-polling (POST /v1/poll): most
 * requests carry a clean hello and up to sixteen fuzz frames, each followed by the sentinel;
 * some are refused whole (see poll-bodies). A poll runs its frames one after another, so the
 * answers between two sentinel refusals are the answers to one frame.
 */
import { ERROR_STATUS, POLL_MAX_BODY_BYTES, POLL_MAX_FRAMES, POLL_PATH, type ErrorCode } from '../../protocol/index.js'
import { TEST_SITE } from '../../relay/testing.js'
import type { Random } from '../chaos/prng.js'
import { buildFrame, remember, type Draw, type Pools } from './frames.js'
import { emptyWindow, judge, type Window } from './judge.js'
import { fuzzFrame } from './mutate.js'
import { expectInPoll } from './oracle.js'
import { refusedBody } from './poll-bodies.js'
import type { Tally } from './tally.js'
import { SENTINEL, SENTINEL_CID, encode, type FuzzFrame } from './wire.js'

/** Ordinary requests stay this far below the body limit; only the refused ones go past it. */
const BODY_ROOM = POLL_MAX_BODY_BYTES - 16 * 1024
/** Every fuzz frame takes a sentinel beside it. */
const FRAMES_PER_REQUEST = POLL_MAX_FRAMES / 2
const ANSWER_MS = 15_000

export interface PollLaneOptions {
  relay: string
  budget: number
  random: Random
  pools: Pools
  tally: Tally
  firstMarker: number
  deadline: number
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(ANSWER_MS) })
  const text = await res.text()
  try {
    return { status: res.status, json: JSON.parse(text) as Record<string, any> }
  } catch {
    return { status: res.status, json: { notJson: text.slice(0, 200) } }
  }
}

/** A clean hello, mostly as a returning visitor (fresh visitors each start a conversation that waits). */
function helloOf(d: Draw): Record<string, unknown> {
  const hello = buildFrame('visitor', 'hello', d)
  hello.site = TEST_SITE.id
  if (d.pools.tokens.length > 0 && d.random.chance(0.95)) hello.token = d.random.pick(d.pools.tokens)
  return hello
}

/** A frame as it sits in the request's `frames`: its JSON, or the text as a string when it is not JSON. */
function asElement(frame: FuzzFrame): { json: string; value: unknown } {
  const text = String(frame.data)
  try {
    // What the relay will read: the body goes out as UTF-8, so lone surrogates become U+FFFD.
    return { json: text, value: JSON.parse(Buffer.from(text).toString()) }
  } catch {
    return { json: JSON.stringify(text), value: text }
  }
}

/** The answers between sentinels, one window per frame; the welcome and its state come first. */
function windowsOf(frames: Record<string, unknown>[]): Window[] {
  const windows: Window[] = []
  let current = emptyWindow()
  for (const frame of frames.slice(1)) {
    if (frame.type === 'error' && frame.cid === SENTINEL_CID) {
      windows.push(current)
      current = emptyWindow()
    } else if (frame.type === 'error') {
      current.errors.push(frame)
    } else {
      current.frames.push(frame)
    }
  }
  return windows
}

async function refusedRequest(url: string, d: Draw, tally: Tally): Promise<void> {
  const refused = refusedBody(d, helloOf(d))
  const where = `poll #${d.marker} (${refused.label})`
  const { status, json } = await post(url, refused.body, refused.headers)
  const code: unknown = json.error?.code
  if (code !== refused.code || status !== ERROR_STATUS[refused.code]) {
    tally.fail(`${where}: expected ${ERROR_STATUS[refused.code]} ${refused.code}; got ${status} ${JSON.stringify(json).slice(0, 200)}`)
  }
  if (typeof code === 'string' && code in ERROR_STATUS) tally.error(code as ErrorCode)
  tally.refusedRequests++
  tally.refused.set(d.marker, where)
}

async function fuzzRequest(url: string, first: Draw, count: number, nextDraw: () => Draw, tally: Tally): Promise<number> {
  const hello = encode(helloOf(first))
  const frames: FuzzFrame[] = []
  const values: unknown[] = []
  const elements: string[] = []
  let size = Buffer.byteLength(hello) + 64
  while (frames.length < count) {
    const frame = fuzzFrame(nextDraw(), { role: 'visitor', transport: 'poll' })
    const element = asElement(frame)
    const room = Buffer.byteLength(element.json) + SENTINEL.length + 2
    // A frame that does not fit ends the request; one that fits in no request is not sent.
    if (size + room > BODY_ROOM) {
      if (frames.length > 0) break
      continue
    }
    size += room
    frames.push(frame)
    values.push(element.value)
    elements.push(element.json, SENTINEL)
  }
  const { status, json } = await post(url, `{"hello":${hello},"frames":[${elements.join(',')}],"wait":0}`)
  const answers = Array.isArray(json.frames) ? (json.frames as Record<string, unknown>[]) : []
  if (status !== 200 || answers[0]?.type !== 'welcome') {
    tally.fail(`poll #${first.marker}: a clean hello got ${status} ${JSON.stringify(json).slice(0, 200)}`)
    return frames.length
  }
  const welcome = answers[0]
  remember(first.pools.tokens, String(welcome.token))
  if (typeof welcome.conv === 'string') remember(first.pools.convs, welcome.conv)
  if (typeof welcome.epoch === 'string') remember(first.pools.epochs, welcome.epoch)
  const windows = windowsOf(answers)
  if (windows.length !== frames.length) tally.fail(`poll #${first.marker}: ${windows.length} answers to ${frames.length} frames`)
  frames.forEach((frame, i) => {
    const window = windows[i]
    if (!window) return
    judge(tally, 'poll', frame, expectInPoll(values[i]), window)
    for (const f of window.frames) if (f.type === 'ack' && typeof f.conv === 'string') remember(first.pools.convs, f.conv)
  })
  return frames.length
}

export async function runPollLane({ relay, budget, random, pools, tally, firstMarker, deadline }: PollLaneOptions): Promise<void> {
  const url = `${relay}${POLL_PATH}`
  let marker = firstMarker
  const nextDraw = (): Draw => ({ random, marker: marker++, pools })
  let sent = 0
  while (sent < budget && Date.now() < deadline) {
    tally.requests++
    if (random.chance(0.1)) {
      await refusedRequest(url, nextDraw(), tally)
      sent++
      tally.sent.poll++
      continue
    }
    const done = await fuzzRequest(url, nextDraw(), Math.min(budget - sent, random.int(1, FRAMES_PER_REQUEST)), nextDraw, tally)
    sent += done
    tally.sent.poll += done
  }
}
