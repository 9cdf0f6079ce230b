/**
 * @module scripts/bench/idle-memory — what an idle visitor WebSocket costs the relay: its RSS
 * (after a full GC, read over IPC) before and after this many visitors connect and say hello,
 * divided by their number. Distinct visitors, since the relay allows 8 connections per visitor.
 */
import { waitUntil, sleep, type SectionContext } from './section.js'
import { BENCH_SITE, seedVisitors } from './seed.js'
import { closeWebSocket, inBatches } from './socket.js'
import { stageRelay } from './stage.js'
import { openVisitorSocket } from './visitor-socket.js'

/** Connected first and kept: lazily built parts of the relay (and V8's code) are not per socket. */
const WARM_UP = 200
const CONNECTING = 200
/** Sockets the bench keeps for other things (operators, the SQLite file, stdio). */
const SPARE_FILES = 200

export interface IdleMemory {
  sockets: number
  rssBeforeBytes: number
  rssAfterBytes: number
  rssPerSocketBytes: number
  heapPerSocketBytes: number
  /** Why fewer sockets than asked, when so. */
  limitedBy?: string
}

export async function measureIdleMemory(context: SectionContext, asked: number, openFiles: number): Promise<IdleMemory> {
  // Both this process and the relay hold one descriptor per socket.
  const sockets = Math.min(asked, Math.max(0, openFiles - WARM_UP - SPARE_FILES))
  const stage = await stageRelay(context, {
    label: 'idle-memory',
    operators: 1,
    capacity: 1,
    exposeGc: true,
    seed: (db) => seedVisitors(db, { count: WARM_UP + sockets, conversation: 'none' }),
  })
  const connect = (from: number, count: number) =>
    inBatches(stage.seeded.slice(from, from + count), CONNECTING, (seeded, index) =>
      openVisitorSocket({ wsUrl: stage.relay.wsUrl, index: from + index, hello: { type: 'hello', site: BENCH_SITE, token: seeded.token } }),
    )
  context.progress('relay started')
  const warm = await connect(0, WARM_UP)
  context.defer(() => inBatches(warm, 1000, (visitor) => closeWebSocket(visitor.ws)))
  await sleep(500)
  const before = await stage.relay.memory()
  context.progress(`${sockets} idle visitors connect and say hello`)
  const idle = await connect(WARM_UP, sockets)
  context.defer(() => inBatches(idle, 1000, (visitor) => closeWebSocket(visitor.ws)))
  // Presence and the first heartbeat settle; nothing else happens on an idle socket.
  await sleep(1_000)
  const after = await stage.relay.memory()
  context.progress('measured')
  await waitUntil(() => idle.every((visitor) => visitor.ws.readyState === visitor.ws.OPEN), 1_000, () => 'idle sockets to stay open')
  return {
    sockets,
    rssBeforeBytes: before.rss,
    rssAfterBytes: after.rss,
    rssPerSocketBytes: sockets ? (after.rss - before.rss) / sockets : Number.NaN,
    heapPerSocketBytes: sockets ? (after.heapUsed + after.external - before.heapUsed - before.external) / sockets : Number.NaN,
    ...(sockets < asked && { limitedBy: `open files limit ${openFiles}: raise it (ulimit -n ${asked + WARM_UP + SPARE_FILES}) to measure ${asked}` }),
  }
}
