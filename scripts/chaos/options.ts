/** @module scripts/chaos/options — the chaos run's command line and its two profiles. */
import { parseArgs } from 'node:util'

export interface ChaosOptions {
  seed: number
  visitors: number
  operators: number
  /** Messages each visitor writes. */
  messages: number
  /** Times the relay is killed with SIGKILL and started again. */
  restarts: number
  /** Proxy faults on top of one of each kind (reset, close, blackhole, latency). */
  extraFaults: number
  /** How long visitors keep writing and faults keep coming, in ms. */
  spanMs: number
  /** Hard cap on the whole run, in seconds: past it the run fails as unfinished. */
  durationLimitS: number
  quick: boolean
  /** Print every link change and every message frame to stderr, to read a failing seed. */
  trace: boolean
}

export const USAGE =
  'usage: tsx scripts/chaos.ts [--seed 1] [--visitors N] [--operators N] [--messages N] [--restarts 3] [--duration-limit S] [--quick] [--trace]'

// Sized for a 2-core machine: the default well under a minute, --quick for npm test.
const PROFILES = {
  full: { visitors: 6, operators: 2, messages: 20, restarts: 3, extraFaults: 3, spanMs: 16_000, durationLimitS: 120 },
  quick: { visitors: 4, operators: 1, messages: 6, restarts: 2, extraFaults: 0, spanMs: 7_000, durationLimitS: 60 },
} as const

function count(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${value}`)
  return n
}

export function parseOptions(argv: string[]): ChaosOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seed: { type: 'string' },
      visitors: { type: 'string' },
      operators: { type: 'string' },
      messages: { type: 'string' },
      restarts: { type: 'string' },
      'duration-limit': { type: 'string' },
      quick: { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
    },
  })
  const profile = values.quick ? PROFILES.quick : PROFILES.full
  return {
    seed: count(values.seed, 'seed', 1, 0, 2 ** 32 - 1),
    visitors: count(values.visitors, 'visitors', profile.visitors, 1, 200),
    operators: count(values.operators, 'operators', profile.operators, 1, 20),
    messages: count(values.messages, 'messages', profile.messages, 1, 45),
    restarts: count(values.restarts, 'restarts', profile.restarts, 0, 20),
    extraFaults: profile.extraFaults,
    spanMs: profile.spanMs,
    durationLimitS: count(values['duration-limit'], 'duration-limit', profile.durationLimitS, 5, 3600),
    quick: values.quick,
    trace: values.trace,
  }
}
