/**
 * @module scripts/bench/store-child — the relay's message path with no network: visitor sessions
 * of the real core (validation aside) over the real store and write queue, on a bench database,
 * in a process of its own so its CPU time and bytes written (/proc/self/io) are its alone. Unlike
 * throughput on a shared machine, bytes and write calls per message come out the same every run.
 * Prints one JSON line: StoreChildResult.
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import type { ToVisitor } from '../../protocol/index.js'
import { createCore } from '../../relay/core.js'
import { createHub } from '../../relay/hub.js'
import { openStore } from '../../relay/store/index.js'
import { UNLIMITED_RATES } from '../../relay/testing.js'
import { createWriteQueue } from '../../relay/write-queue.js'
import { benchCid, stampedText } from './load.js'
import { BENCH_SITE, createBenchDb, seedVisitors } from './seed.js'

export interface StoreChildOptions {
  /** Conversations, each with one message in every commit. */
  conversations: number
  /** Commits measured (after as many again to warm up). */
  commits: number
}

export interface StoreChildResult {
  messages: number
  cpuUsPerMessage: { user: number; system: number }
  wallUsPerMessage: number
  bytesWrittenPerMessage: number
  writeCallsPerMessage: number
}

const options = JSON.parse(process.argv[2] ?? '{}') as StoreChildOptions

/** What this process has handed to write(2) and friends so far. */
function written(): { bytes: number; calls: number } {
  const io = Object.fromEntries(readFileSync('/proc/self/io', 'utf8').trim().split('\n').map((line) => line.split(': ') as [string, string]))
  return { bytes: Number(io.wchar), calls: Number(io.syscw) }
}

const db = createBenchDb({ operators: 1, capacity: options.conversations })
const visitors = seedVisitors(db, { count: options.conversations, conversation: 'open', prefix: 'store' })
db.close()
const store = openStore(db.path)
const writes = createWriteQueue(store)
const core = createCore({ store, hub: createHub(), writes, visitorFrameRate: UNLIMITED_RATES.visitor, log: () => {} })
const sessions = visitors.map((visitor) => {
  const session = core.visitorSession({ send: (_frame: ToVisitor) => {} }, undefined)
  session.receive({ type: 'hello', site: BENCH_SITE, token: visitor.token })
  return session
})

let sent = 0
/** One message from every conversation, started in one turn: they share one commit. */
const commit = () => Promise.all(sessions.map((session, i) => session.receive({ type: 'msg', cid: benchCid(i, ++sent), text: stampedText() })))

for (let i = 0; i < options.commits; i++) await commit()
const cpuBefore = process.cpuUsage()
const ioBefore = written()
const startedAt = performance.now()
for (let i = 0; i < options.commits; i++) await commit()
const wallMs = performance.now() - startedAt
const cpu = process.cpuUsage(cpuBefore)
const io = written()
const messages = options.commits * options.conversations
for (const session of sessions) session.close()
core.close()
store.close()
db.remove()

const result: StoreChildResult = {
  messages,
  cpuUsPerMessage: { user: cpu.user / messages, system: cpu.system / messages },
  wallUsPerMessage: (wallMs * 1000) / messages,
  bytesWrittenPerMessage: (io.bytes - ioBefore.bytes) / messages,
  writeCallsPerMessage: (io.calls - ioBefore.calls) / messages,
}
console.log(JSON.stringify(result))
