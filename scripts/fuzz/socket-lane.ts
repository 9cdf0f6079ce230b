/**
 * @module scripts/fuzz/socket-lane — fuzz frames down one WebSocket endpoint, one at a time:
 * each connection sends a few frames before its hello, a hello (mostly clean), then fuzz frames
 * until it rotates or the relay closes it; then the lane connects again and carries on. Now and
 * then a visitor lane sends a hello for a visitor already at their connection limit.
 */
import { CLOSE, WS_PATH, type Role } from '../../protocol/index.js'
import { TEST_SITE, openSocket } from '../../relay/testing.js'
import type { Random } from '../chaos/prng.js'
import { openCrowd } from './crowd.js'
import { remember, type Pools } from './frames.js'
import { createInbox, type Inbox } from './inbox.js'
import { emptyWindow, judge, type Window } from './judge.js'
import { fuzzFrame } from './mutate.js'
import { expectOnSocket } from './oracle.js'
import type { Tally } from './tally.js'
import { SENTINEL, SENTINEL_CID, encode, markerText, type FuzzFrame } from './wire.js'

/** Longest wait for the relay to answer one frame before the run calls it stuck. */
export const ANSWER_MS = 15_000
const PING = JSON.stringify({ type: 'ping' })

export interface SocketLaneOptions {
  role: Role
  /** The relay's base URL (http://…). */
  relay: string
  /** The operator's Cookie header, for the agent endpoint. */
  cookie?: string
  /** Frames this lane sends. */
  budget: number
  random: Random
  pools: Pools
  tally: Tally
  /** This lane's first marker number: lanes number their frames apart. */
  firstMarker: number
  /** Epoch ms past which the lane stops. */
  deadline: number
}

/**
 * One frame's answers. The sentinel after it passes through the write queue behind the frame's
 * own write; the ping goes out only once the sentinel is answered, so its pong comes after
 * everything the frame set off, even a refusal that took a few more promise hops than the
 * sentinel's (pipelining frames would let such an answer slip into the next frame's window).
 */
async function exchange(send: (data: string | Buffer, binary: boolean) => void, inbox: Inbox, frame: FuzzFrame): Promise<Window | undefined> {
  const window = emptyWindow()
  send(frame.data, frame.binary)
  send(SENTINEL, false)
  let sentinelAnswered = false
  for (;;) {
    const arrival = await inbox.next(ANSWER_MS)
    if ('timedOut' in arrival) return undefined
    if ('closed' in arrival) {
      window.closed = arrival.closed
      return window
    }
    const { frame: got } = arrival
    if (!sentinelAnswered && got.type === 'error' && got.cid === SENTINEL_CID) {
      sentinelAnswered = true
      send(PING, false)
    } else if (sentinelAnswered && (got.type === 'pong' || (got.type === 'error' && got.code === 'rate_limited' && got.cid === undefined))) {
      // The ping answered, or refused by a frame-rate limit: either way it comes after the frame's answers.
      return window
    } else if (got.type === 'error') {
      window.errors.push(got)
    } else {
      window.frames.push(got)
    }
  }
}

/** What the relay handed out that later frames may name. */
function learn(pools: Pools, window: Window): void {
  for (const frame of window.frames) {
    if (frame.type === 'welcome' && typeof frame.token === 'string') {
      remember(pools.tokens, frame.token)
      if (typeof frame.conv === 'string') remember(pools.convs, frame.conv)
      if (typeof frame.epoch === 'string') remember(pools.epochs, frame.epoch)
    }
    if (frame.type === 'ack' && typeof frame.conv === 'string') remember(pools.convs, frame.conv)
  }
}

interface Link {
  send(data: string | Buffer, binary: boolean): void
  inbox: Inbox
  terminate(): void
  close(): void
}

async function connect(url: string, headers: Record<string, string>): Promise<Link> {
  const socket = await openSocket(url, headers)
  // openSocket parses and keeps every frame for its `next`, which the lane does not use: an
  // operator socket gets every queue change, and that would be all of them parsed twice and kept.
  socket.ws.removeAllListeners('message')
  return {
    send: (data, binary) => socket.ws.send(data, { binary }),
    inbox: createInbox(socket.ws),
    terminate: () => socket.ws.terminate(),
    close: () => socket.close(),
  }
}

/** Every so many visitor connections, one hello goes out while its visitor is at the connection limit. */
const CROWD_EVERY = 25

/** A hello from a visitor at their connection limit, with a page that must not be stored. */
async function crowdedHello(url: string, marker: number, tally: Tally): Promise<void> {
  const { token, sockets: crowd } = await openCrowd(url)
  const link = await connect(url, {})
  const hello = { type: 'hello', site: TEST_SITE.id, token, page: { url: `https://shop.example/p/${markerText(marker)}`, title: `crowded ${markerText(marker)}` } }
  const frame: FuzzFrame = { data: encode(hello), binary: false, claim: 'valid', marker, label: 'visitor hello past MAX_VISITOR_CONNECTIONS' }
  const window = await exchange(link.send, link.inbox, frame)
  tally.sent.visitor++
  if (window) judge(tally, 'visitor', frame, { expected: { kind: 'error', code: 'rate_limited', close: CLOSE.TRY_LATER }, validatorAccepts: true }, window)
  else tally.fail(`visitor #${marker} (${frame.label}): no answer within ${ANSWER_MS} ms`)
  link.close()
  for (const socket of crowd) socket.close()
}

export async function runSocketLane(options: SocketLaneOptions): Promise<void> {
  const { role, random, pools, tally, budget, deadline } = options
  const url = `${options.relay.replace(/^http/, 'ws')}${WS_PATH[role]}`
  const headers: Record<string, string> = options.cookie ? { Cookie: options.cookie } : {}
  let sent = 0
  let marker = options.firstMarker

  for (let connection = 0; sent < budget && Date.now() < deadline; connection++) {
    if (role === 'visitor' && connection % CROWD_EVERY === 2) {
      await crowdedHello(url, marker++, tally)
      sent++
      continue
    }
    const link = await connect(url, headers)
    const length = Math.min(budget - sent, random.int(20, 400))
    const helloAt = random.chance(0.3) ? random.int(1, 3) : 0
    let helloed = false
    for (let i = 0; i < length && Date.now() < deadline; i++) {
      const d = { random, marker: marker++, pools }
      const frame = i === helloAt ? fuzzFrame(d, { role, transport: 'ws', type: 'hello', clean: 0.85 }) : fuzzFrame(d, { role, transport: 'ws' })
      const oracle = expectOnSocket(role, frame, helloed)
      const window = await exchange(link.send, link.inbox, frame)
      if (!window) {
        tally.fail(`${role} #${frame.marker} (${frame.label}): no answer within ${ANSWER_MS} ms`)
        link.terminate()
        break
      }
      sent++
      tally.sent[role]++
      judge(tally, role, frame, oracle, window)
      if (role === 'visitor') learn(pools, window)
      if (window.frames.some((f) => f.type === 'welcome')) helloed = true
      if (window.closed !== undefined) break
    }
    link.close()
  }
}
