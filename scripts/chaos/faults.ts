/**
 * @module scripts/chaos/faults — the seeded plan of faults and the code that inflicts them. Two
 * lanes run side by side, so faults overlap the way real ones do: events (reset every
 * connection, close every connection, kill -9 the relay and start it again) and conditions
 * that hold for a while (added latency, a blackhole).
 */
import type { FaultProxy } from '../fault-proxy.js'
import type { Random } from './prng.js'
import type { RelayProcess } from './relay-process.js'

export type Fault =
  | { kind: 'reset'; at: number }
  | { kind: 'close'; at: number }
  | { kind: 'restart'; at: number; downMs: number }
  | { kind: 'latency'; at: number; latencyMs: number; holdMs: number }
  | { kind: 'blackhole'; at: number; holdMs: number }

export interface FaultPlan {
  events: Fault[]
  conditions: Fault[]
}

export interface PlanOptions {
  spanMs: number
  restarts: number
  /** Faults beyond one of each proxy kind, of kinds drawn at random. */
  extra: number
}

/** One of each proxy fault, `restarts` kills, and `extra` more; at random moments inside the span. */
export function planFaults(random: Random, { spanMs, restarts, extra }: PlanOptions): FaultPlan {
  const kinds: Fault['kind'][] = ['reset', 'close', 'latency', 'blackhole', ...Array<Fault['kind']>(restarts).fill('restart')]
  for (let i = 0; i < extra; i++) kinds.push(random.pick(['reset', 'close', 'latency', 'blackhole', 'reset'] as const))
  // Conditions last a share of the span, so a short run still gets every kind in.
  const hold = () => Math.round(random.between(0.06, 0.14) * spanMs)
  const faults = kinds.map((kind): Fault => {
    const at = Math.round(random.between(0.05, 0.8) * spanMs)
    switch (kind) {
      case 'restart':
        return { kind, at, downMs: random.int(100, 1500) }
      case 'latency':
        return { kind, at, latencyMs: random.int(40, 250), holdMs: hold() }
      case 'blackhole':
        return { kind, at, holdMs: hold() }
      default:
        return { kind, at }
    }
  })
  faults.sort((a, b) => a.at - b.at)
  const held = (f: Fault) => f.kind === 'latency' || f.kind === 'blackhole'
  return { events: faults.filter((f) => !held(f)), conditions: faults.filter(held) }
}

export interface FaultTarget {
  proxies: readonly FaultProxy[]
  relay: RelayProcess
  progress(line: string): void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

async function inflict(fault: Fault, { proxies, relay, progress }: FaultTarget): Promise<void> {
  switch (fault.kind) {
    case 'reset':
      progress('reset every connection')
      for (const proxy of proxies) proxy.resetAll()
      return
    case 'close':
      progress('close every connection')
      for (const proxy of proxies) proxy.closeAll()
      return
    case 'restart':
      progress(`kill -9 the relay, start it again after ${fault.downMs} ms`)
      await relay.kill()
      await sleep(fault.downMs)
      await relay.start()
      return
    case 'latency':
      progress(`add ${fault.latencyMs} ms latency for ${fault.holdMs} ms`)
      for (const proxy of proxies) proxy.setFaults({ latencyMs: fault.latencyMs })
      await sleep(fault.holdMs)
      for (const proxy of proxies) proxy.setFaults({ latencyMs: 0 })
      return
    case 'blackhole':
      progress(`blackhole for ${fault.holdMs} ms`)
      for (const proxy of proxies) proxy.setFaults({ blackhole: true })
      await sleep(fault.holdMs)
      // The proxy drops the bytes of live connections, which TCP never does: a connection that
      // lived through it has a hole in its stream. Those are torn down in the same turn the
      // blackhole lifts, as an outage leaves them; nothing passes the hole in between.
      for (const proxy of proxies) {
        proxy.setFaults({ blackhole: false })
        proxy.resetAll()
      }
      return
  }
}

/** Runs one lane in order; a fault whose moment has passed starts as soon as the one before ends. */
export async function runLane(faults: readonly Fault[], start: number, target: FaultTarget): Promise<number> {
  let done = 0
  for (const fault of faults) {
    await sleep(start + fault.at - performance.now())
    await inflict(fault, target)
    done++
  }
  return done
}
