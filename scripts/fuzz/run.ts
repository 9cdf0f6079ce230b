/**
 * @module scripts/fuzz/run — one fuzz run: a relay in this process on a seeded temp database;
 * visitor and operator WebSocket lanes, a long-poll lane and a well-behaved visitor side by
 * side; then the relay is closed, its SQLite file read, and every check applied.
 */
import { WS_PATH } from '../../protocol/index.js'
import { createRelay } from '../../relay/server.js'
import { TEST_SITE, loginCookie, openSocket, seededDb, tempDir } from '../../relay/testing.js'
import { createRandom } from '../chaos/prng.js'
import { createPools } from './frames.js'
import { runGoodClient, type GoodSend } from './good-client.js'
import { runPollLane } from './poll-lane.js'
import { runSocketLane } from './socket-lane.js'
import { readStored, type Stored } from './stored.js'
import { createTally, type Tally } from './tally.js'
import { SENTINEL, SENTINEL_CID, markerText } from './wire.js'

export interface FuzzOptions {
  seed: number
  /** Fuzz frames over all transports. */
  frames: number
  /** Messages the well-behaved visitor sends, spread over the run. */
  goodMessages: number
  /** The run gives up (and fails) past this. */
  durationLimitS: number
}

/** Shares of the frames: visitor sockets, operator sockets, long-polls. Two lanes per socket role keep the relay busy. */
const LANES = [
  { kind: 'visitor', share: 0.2 },
  { kind: 'visitor', share: 0.2 },
  { kind: 'agent', share: 0.15 },
  { kind: 'agent', share: 0.15 },
  { kind: 'poll', share: 0.3 },
] as const
/** Lanes number their frames' markers apart by this much. */
const MARKER_STRIDE = 10_000_000
/**
 * Frame rates far above what the run sends: at the protocol's rates (5 frames/s per visitor) a
 * fuzz run would only test the limiter, which relay/limits.test.ts covers. `rate_limited` stays
 * an accepted refusal in the checks, should a limit be reached anyway.
 */
const FUZZ_FRAME_RATES = { visitor: { perSecond: 1_000_000, burst: 1_000_000 }, connection: { perSecond: 1_000_000, burst: 1_000_000 } }
/** Kept back from the duration limit to close the relay and read its file. */
const RESERVE_MS = 10_000

export interface GoodOutcome {
  sent: number
  acked: number
  stored: number
  lost: number
}

export interface FuzzReport {
  options: FuzzOptions
  tally: Tally
  stored: { messages: number; fuzz: number; good: number; system: number; markers: number; refusedFound: number }
  good: GoodOutcome
  seconds: number
  failures: string[]
  failureCount: number
}

function checkGood(sends: GoodSend[], problems: string[], stored: Stored, goodMessages: number, fail: (line: string) => void): GoodOutcome {
  for (const problem of problems) fail(problem)
  const rows = new Map<string, { conv: string; seq: number; order: number }[]>()
  stored.messages.forEach((m, order) => {
    if (!m.cid.startsWith('good-')) return
    rows.set(m.cid, [...(rows.get(m.cid) ?? []), { conv: m.conv, seq: m.seq, order }])
  })
  let storedOnce = 0
  let lastOrder = -1
  for (const send of sends) {
    const found = rows.get(send.cid) ?? []
    if (found.length !== 1) {
      fail(`good message ${send.cid} is stored ${found.length} times`)
      continue
    }
    storedOnce++
    const [row] = found as [{ conv: string; seq: number; order: number }]
    if (send.seq !== undefined && (row.seq !== send.seq || row.conv !== send.conv)) fail(`good message ${send.cid} acked as ${send.conv}/${send.seq}, stored as ${row.conv}/${row.seq}`)
    if (row.order < lastOrder) fail(`good message ${send.cid} is stored out of order`)
    lastOrder = row.order
  }
  const acked = sends.filter((s) => s.seq !== undefined).length
  if (acked < goodMessages) fail(`the good client got ${acked} acks for ${goodMessages} messages`)
  return { sent: sends.length, acked, stored: storedOnce, lost: goodMessages - storedOnce }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now()
  const deadline = Date.now() + options.durationLimitS * 1000 - RESERVE_MS
  const tally = createTally()
  const crashes: string[] = []
  const onCrash = (err: unknown) => crashes.push(err instanceof Error ? (err.stack ?? err.message) : String(err))
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)
  const relayLog: string[] = []
  const tmp = tempDir()
  try {
    const db = seededDb(tmp.dir)
    const relay = await createRelay({ db, port: 0, frameRates: FUZZ_FRAME_RATES, log: (...args) => relayLog.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')) })
    let good: Awaited<ReturnType<typeof runGoodClient>>
    try {
      // Another visitor stores the sentinel's cid first, so the sentinel is refused ever after.
      const owner = await openSocket(`${relay.url.replace(/^http/, 'ws')}${WS_PATH.visitor}`)
      owner.send({ type: 'hello', site: TEST_SITE.id })
      owner.send(SENTINEL)
      await owner.next('ack')
      owner.close()

      const cookie = await loginCookie(relay)
      const random = createRandom(options.seed)
      const pools = createPools()
      let left = options.frames
      const lanes = LANES.map(({ kind, share }, i) => {
        const budget = i === LANES.length - 1 ? left : Math.round(options.frames * share)
        left -= budget
        const common = { relay: relay.url, budget, random: random.fork(`${kind}:${i}`), pools, tally, firstMarker: (i + 1) * MARKER_STRIDE, deadline }
        if (kind === 'poll') return runPollLane(common)
        return runSocketLane({ ...common, role: kind, ...(kind === 'agent' && { cookie }) })
      })
      const goodRun = runGoodClient({ relay: relay.url, messages: options.goodMessages, progress: () => tally.total() / options.frames, deadline })
      // A lane that cannot go on (its connection refused, say) is a failure to report, not a reason to stop the others.
      for (const lane of await Promise.allSettled(lanes)) if (lane.status === 'rejected') tally.fail(`a lane stopped: ${String(lane.reason)}`)
      good = await goodRun.catch((err: unknown) => ({ sent: [], problems: [`the good client stopped: ${String(err)}`] }))
    } finally {
      await relay.close()
    }

    const stored = readStored(db)
    const fail = (line: string) => tally.fail(line)
    for (const crash of crashes) fail(`uncaught in the relay's process: ${crash}`)
    // `ws` reports each frame it refuses itself (1009, 1007) as a socket error; anything else logged is a bug.
    for (const line of relayLog.filter((l) => !l.startsWith('socket error:'))) fail(`relay logged: ${line.slice(0, 300)}`)
    if (tally.total() < options.frames) fail(`stopped at the duration limit after ${tally.total()} of ${options.frames} frames`)

    let refusedFound = 0
    for (const [marker, frame] of tally.refused) {
      if (!stored.markers.has(marker)) continue
      refusedFound++
      fail(`${markerText(marker)} is stored, from a refused frame: ${frame}`)
    }
    const cids = new Set(stored.messages.map((m) => m.cid))
    for (const cid of tally.acked) if (!cids.has(cid)) fail(`fuzz message ${cid} was acked but is not stored`)
    const goodOutcome = checkGood(good.sent, good.problems, stored, options.goodMessages, fail)

    const count = (test: (m: Stored['messages'][number]) => boolean) => stored.messages.filter(test).length
    return {
      options,
      tally,
      stored: {
        messages: stored.messages.length,
        fuzz: count((m) => m.cid.startsWith('fz-') && m.cid !== SENTINEL_CID),
        good: count((m) => m.cid.startsWith('good-')),
        system: count((m) => m.author === 'system'),
        markers: stored.markers.size,
        refusedFound,
      },
      good: goodOutcome,
      seconds: (performance.now() - started) / 1000,
      failures: tally.failures,
      failureCount: tally.failureCount,
    }
  } finally {
    process.off('uncaughtException', onCrash)
    process.off('unhandledRejection', onCrash)
    tmp.remove()
  }
}

/** The one line a run prints. */
export function summaryLine(report: FuzzReport): string {
  const { tally, stored, good, options } = report
  const sorted = <K>(map: Map<K, number>) => [...map].sort(([a], [b]) => String(a).localeCompare(String(b)))
  const errors = sorted(tally.errors).map(([code, n]) => `${code}=${n}`).join(' ')
  const closes = sorted(tally.closes).map(([why, n]) => `${why}=${n}`).join(' ') || 'none'
  const ws = tally.sent.visitor + tally.sent.agent
  return (
    `fuzz seed=${options.seed} frames=${tally.total()}` +
    ` | ws ${ws} (visitor ${tally.sent.visitor}, agent ${tally.sent.agent}) poll ${tally.sent.poll} (${tally.requests} requests, ${tally.refusedRequests} refused whole)` +
    ` | refused ${tally.refused.size} frames, errors ${errors}` +
    ` | closes ${closes}` +
    ` | stored ${stored.messages} messages (fuzz ${stored.fuzz}, good ${stored.good}, system ${stored.system}), markers of ${stored.markers} frames, of refused frames ${stored.refusedFound}` +
    ` | good sent ${good.sent} acked ${good.acked} stored ${good.stored} lost ${good.lost}` +
    ` | failures ${report.failureCount} | ${report.seconds.toFixed(1)} s`
  )
}
