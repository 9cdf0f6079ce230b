/** @module scripts/fuzz/options — the fuzz run's command line. */
import { parseArgs } from 'node:util'
import type { FuzzOptions } from './run.js'

export const USAGE = 'usage: tsx scripts/fuzz.ts [--seed 1] [--frames 100000] [--duration-limit 900]'

/** The well-behaved visitor's messages, in every run. */
const GOOD_MESSAGES = 200

function count(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${value}`)
  return n
}

export function parseOptions(argv: string[]): FuzzOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seed: { type: 'string' },
      frames: { type: 'string' },
      'duration-limit': { type: 'string' },
    },
  })
  return {
    seed: count(values.seed, 'seed', 1, 0, 2 ** 32 - 1),
    frames: count(values.frames, 'frames', 100_000, 100, 5_000_000),
    goodMessages: GOOD_MESSAGES,
    durationLimitS: count(values['duration-limit'], 'duration-limit', 900, 15, 24 * 3600),
  }
}
