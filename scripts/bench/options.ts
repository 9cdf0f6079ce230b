/** @module scripts/bench/options — the bench's command line and the two sizes of run (full, --quick). */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

export const SECTIONS = ['ceiling', 'ws', 'poll', 'store', 'scale', 'history', 'widget'] as const
export type SectionName = (typeof SECTIONS)[number]

export const USAGE = `usage: tsx scripts/bench.ts [--only ${SECTIONS.join('|')}[,…]] [--quick] [--profile [--profile-dir DIR]] [--out bench-results.json]`

export interface Sizes {
  /** Load before anything is counted (JIT, group commit and pools settle), then the measured span. */
  warmupMs: number
  measureMs: number
  /** Scale section: how long the steady trickle of messages runs at each size. */
  scaleMeasureMs: number
  /** Resumes and queue loads timed per case. */
  repetitions: number
  /** Page loads in throttled Chromium. */
  browserRuns: number
  /** Relay starts timed for the cold start. */
  coldStarts: number
}

// Sized for a 2-core machine: the whole full run in about three minutes.
const PROFILES: Record<'full' | 'quick', Sizes> = {
  full: { warmupMs: 2_000, measureMs: 8_000, scaleMeasureMs: 8_000, repetitions: 50, browserRuns: 3, coldStarts: 5 },
  quick: { warmupMs: 1_000, measureMs: 3_000, scaleMeasureMs: 3_000, repetitions: 15, browserRuns: 1, coldStarts: 2 },
}

export interface BenchOptions {
  sections: SectionName[]
  quick: boolean
  sizes: Sizes
  /** Where the relay children write .cpuprofile files (`--profile`); undefined: no profiling. */
  profileDir?: string
  out: string
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-dir': { type: 'string' },
      out: { type: 'string', default: 'bench-results.json' },
    },
  })
  const asked = (values.only ?? []).flatMap((value) => value.split(',')).map((name) => name.trim())
  for (const name of asked) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: no section "${name}"; sections: ${SECTIONS.join(', ')}`)
  // Always in the order of the table, whatever order they were asked in.
  const sections = asked.length ? SECTIONS.filter((name) => asked.includes(name)) : [...SECTIONS]
  const profileDir = values.profile ? (values['profile-dir'] ?? mkdtempSync(join(tmpdir(), 'parley-bench-profiles-'))) : undefined
  return { sections, quick: values.quick, sizes: PROFILES[values.quick ? 'quick' : 'full'], ...(profileDir && { profileDir }), out: values.out }
}
