/**
 * @module scripts/chaos — `npm run chaos`: a seeded, bounded chaos run against the built relay.
 * Real widget sessions (WebSocket and long-polling) and operator clients talk to a real relay
 * process through a fault proxy on loopback, while connections are reset and closed, latency
 * and blackholes come and go, pages reload with messages in their outbox and the relay is
 * killed with SIGKILL and started again. Then every message written must be in SQLite once and
 * on every screen of its conversation once, in order. Exits 0 when so, 1 otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFaultProxy, type FaultProxy } from './fault-proxy.js'
import { judge, readStored, type Verdict } from './chaos/check.js'
import { planFaults, runLane, type FaultTarget } from './chaos/faults.js'
import { createLedger } from './chaos/ledger.js'
import { installWebSocket } from './chaos/node-globals.js'
import { createOperator, type Operator } from './chaos/operator.js'
import { USAGE, parseOptions, type ChaosOptions } from './chaos/options.js'
import { createRandom } from './chaos/prng.js'
import { captureScreens, quiesce } from './chaos/quiesce.js'
import { assertBuilt, cli, createRelayProcess, freePort } from './chaos/relay-process.js'
import { planVisitor, playVisitor } from './chaos/visitor-plan.js'
import { createVisitor, type Visitor } from './chaos/visitor.js'

const SITE = 'chaos'
const PASSWORD = 'chaos-operator-password'
/** At most this long for everything to settle once the faults stop. */
const QUIESCE_MS = 30_000
/** Kept back from the duration limit for stopping the relay and reading SQLite. */
const RESERVE_MS = 5_000
const SHOW_PROBLEMS = 12

type Teardown = () => void | Promise<void>

interface Outcome {
  verdict: Verdict
  faults: number
  restarts: number
  reloads: number
  /** What else went wrong: crashes, refusals, a run that did not settle. */
  notes: string[]
  relayLog: string[]
}

async function run(options: ChaosOptions, teardown: Teardown[], started: number, progress: (line: string) => void): Promise<Outcome> {
  assertBuilt()
  const random = createRandom(options.seed)
  const dir = mkdtempSync(join(tmpdir(), 'parley-chaos-'))
  teardown.push(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'chaos.db')
  cli('site', 'add', SITE, '--db', db)
  const logins = Array.from({ length: options.operators }, (_, i) => `op${i}`)
  // Room for every conversation, so routing hands each one to somebody who answers.
  const capacity = String(Math.min(100, Math.ceil(options.visitors / options.operators)))
  for (const login of logins) cli('agent', 'add', login, '--password', PASSWORD, '--name', `Operator ${login}`, '--capacity', capacity, '--db', db)

  const port = await freePort()
  const relay = createRelayProcess(db, port)
  teardown.push(() => relay.stop())
  await relay.start()
  const target = { host: '127.0.0.1', port }
  const proxy = await createFaultProxy({ target })
  // A second way in that strips WebSockets, so some long-polling pages stay on long-polling.
  const noSockets = await createFaultProxy({ target })
  noSockets.setFaults({ refuseUpgrades: true })
  const proxies: FaultProxy[] = [proxy, noSockets]
  teardown.push(() => Promise.all(proxies.map((p) => p.close())).then(() => undefined))

  const trace = options.trace ? (line: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(3)}] ${line}`) : undefined
  installWebSocket(trace)
  const ledger = createLedger()
  const notes: string[] = []
  const visitors: Visitor[] = Array.from({ length: options.visitors }, (_, i) => {
    const longPoll = i % 2 === 1
    const pinned = longPoll && i % 4 === 1
    return createVisitor({ name: `v${i}`, relay: (pinned ? noSockets : proxy).url, site: SITE, longPoll, ledger, report: (m) => notes.push(m), ...(trace && { trace }) })
  })
  teardown.push(() => visitors.forEach((v) => v.close()))
  const operators: Operator[] = logins.map((login, i) =>
    createOperator({ name: `o${i}`, login, password: PASSWORD, relay: proxy.url, seed: options.seed, random: random.fork(`operator:${i}`), ledger }),
  )
  teardown.push(() => operators.forEach((o) => o.close()))
  await Promise.all([...operators.map((o) => o.start()), ...visitors.map((v) => v.connect())])

  const reloadsEach = options.quick ? 1 : 2
  const plans = visitors.map((v, i) => planVisitor(random.fork(`visitor:${i}`), v.name, options.messages, options.spanMs, reloadsEach))
  const plan = planFaults(random.fork('faults'), { spanMs: options.spanMs, restarts: options.restarts, extra: options.extraFaults })
  const spanStart = performance.now()
  const faultTarget: FaultTarget = {
    proxies,
    relay,
    progress: (line) => progress(`${((performance.now() - started) / 1000).toFixed(1)} s ${line}`),
  }
  const [events, conditions] = await Promise.all([
    runLane(plan.events, spanStart, faultTarget),
    runLane(plan.conditions, spanStart, faultTarget),
    ...visitors.map((v, i) => playVisitor(v, plans[i]!, spanStart)),
  ])

  const reloaded = visitors.reduce((sum, v) => sum + v.pendingReloads, 0)
  progress(`${((performance.now() - started) / 1000).toFixed(1)} s faults over (${reloaded} reloads had unacked messages); waiting for every screen to agree`)
  for (const o of operators) o.hush()
  for (const v of visitors) v.nudge()
  const budget = Math.min(QUIESCE_MS, options.durationLimitS * 1000 - RESERVE_MS - (performance.now() - started))
  const wrote = (name: string) => ledger.bySender().has(name)
  const stuck = await quiesce(visitors, operators, wrote, Math.max(0, budget))
  if (stuck.length > 0) notes.push(`did not settle within ${Math.round(budget / 1000)} s: ${stuck.join('; ')}`)

  const screens = captureScreens(visitors, operators)
  for (const o of operators) notes.push(...o.anomalies())
  for (const v of visitors) v.close()
  for (const o of operators) o.close()
  await relay.stop()
  notes.push(...relay.crashes())
  const verdict = judge(ledger, readStored(db), screens, operators.map((o) => o.name))
  return {
    verdict,
    faults: (events ?? 0) + (conditions ?? 0),
    restarts: relay.starts - 1,
    reloads: visitors.reduce((sum, v) => sum + v.reloads, 0),
    notes,
    relayLog: relay.log(),
  }
}

async function shutdown(teardown: Teardown[]): Promise<void> {
  for (const step of teardown.reverse()) {
    try {
      await step()
    } catch {
      // Best effort: the rest must still run, and the verdict is already decided.
    }
  }
  teardown.length = 0
}

async function main(): Promise<number> {
  const started = performance.now()
  let options: ChaosOptions
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (err) {
    console.error(`chaos: ${(err as Error).message}\n${USAGE}`)
    return 2
  }
  const teardown: Teardown[] = []
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
  // The safety net: whatever hangs, the run ends and the relay it started goes with it.
  const limit = setTimeout(() => {
    console.error(`chaos: could not finish within ${options.durationLimitS} s`)
    void shutdown(teardown).finally(() => process.exit(1))
  }, options.durationLimitS * 1000)
  try {
    const outcome = await run(options, teardown, started, (line) => console.log(`chaos: ${line}`))
    const { verdict: v } = outcome
    console.log(
      `chaos seed=${options.seed} visitors=${options.visitors} operators=${options.operators} restarts=${outcome.restarts} faults=${outcome.faults} reloads=${outcome.reloads}` +
        ` | sent ${v.sent} stored ${v.stored} shown ${v.shown} lost ${v.lost} duplicated ${v.duplicated} out-of-order ${v.outOfOrder} | ${seconds()}`,
    )
    const failed = v.lost + v.duplicated + v.outOfOrder > 0 || v.problems.length > 0 || outcome.notes.length > 0 || v.sent === 0 || outcome.restarts < options.restarts
    if (!failed) return 0
    const details = [...outcome.notes, ...v.problems]
    if (outcome.restarts < options.restarts) details.unshift(`only ${outcome.restarts} of ${options.restarts} restarts happened`)
    console.error(`chaos: FAILED (seed ${options.seed}); first ${Math.min(SHOW_PROBLEMS, details.length)} of ${details.length} problems:`)
    for (const line of details.slice(0, SHOW_PROBLEMS)) console.error(`  ${line}`)
    // The relay's own words matter when it crashed or the run never settled, not for an ordering verdict.
    if (outcome.notes.length > 0 && outcome.relayLog.length > 0) console.error(`relay stderr (last lines):\n  ${outcome.relayLog.slice(-10).join('\n  ')}`)
    return 1
  } catch (err) {
    const error = err as Error
    console.error(`chaos: could not finish: ${options.trace ? error.stack : error.message}`)
    return 1
  } finally {
    await shutdown(teardown)
    clearTimeout(limit)
  }
}

process.exit(await main())
