/**
 * @module scripts/bench/section — what a bench section is, and how one runs: inside a hard time
 * limit, with its cleanups (children, sockets, temp files) run however it ended, so a stuck
 * section costs its limit and nothing after it.
 */
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import type { BenchOptions, SectionName } from './options.js'
import type { SectionResult, SectionRun } from './report.js'

export interface SectionContext {
  options: BenchOptions
  /** Registers a cleanup; they run last-in first-out when the section ends or times out. */
  defer(cleanup: () => unknown): void
  progress(line: string): void
  /** Sections already run in this bench (the relay is compared with the ceiling). */
  earlier: ReadonlyMap<SectionName, SectionRun>
}

export interface Section {
  name: SectionName
  title: string
  /** Full-size runs must finish within this; past it the section is reported as timed out. */
  limitMs: number
  run(context: SectionContext): Promise<SectionResult>
}

/** A cleanup that hangs is abandoned after this. */
const CLEANUP_LIMIT_MS = 20_000
/**
 * Load average above the number of cores by more than this is other work on the machine, worth a
 * note: the bench's own two busy processes (load generator, server) account for about 2.
 */
const BUSY_LOAD_MARGIN = 1

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Polls `done` until it holds; throws with `what` past `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)
    await sleep(20)
  }
}

/**
 * Runs `work` with cleanups of its own, run as soon as it ends: a section that starts one relay
 * after another must not keep the earlier ones running. Should the section time out first,
 * its own cleanup runs them.
 */
export async function scoped<T>(context: SectionContext, work: (context: SectionContext) => Promise<T>): Promise<T> {
  const cleanups: (() => unknown)[] = []
  let done = false
  const cleanUp = async () => {
    if (done) return
    done = true
    for (const cleanup of cleanups.reverse()) await Promise.race([Promise.resolve().then(cleanup).catch(() => {}), sleep(CLEANUP_LIMIT_MS)])
  }
  context.defer(cleanUp)
  try {
    return await work({ ...context, defer: (cleanup) => void cleanups.push(cleanup) })
  } finally {
    await cleanUp()
  }
}

export async function runSection(section: Section, options: BenchOptions, earlier: ReadonlyMap<SectionName, SectionRun>): Promise<SectionRun> {
  const cleanups: (() => unknown)[] = []
  const started = performance.now()
  const context: SectionContext = {
    options,
    defer: (cleanup) => void cleanups.push(cleanup),
    progress: (line) => console.error(`  ${section.name} +${((performance.now() - started) / 1000).toFixed(1)} s: ${line}`),
    earlier,
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), section.limitMs)))
  let run: SectionRun
  try {
    const work = section.run(context)
    work.catch(() => {}) // past the limit nobody awaits it: its late failure is not news
    const outcome = await Promise.race([work, limit])
    const durationMs = performance.now() - started
    run =
      outcome === 'timed out'
        ? { section: section.name, status: 'timed out', error: `stopped at its limit of ${section.limitMs / 1000} s`, durationMs, rows: [], details: {}, notes: [] }
        : { section: section.name, status: 'ok', durationMs, ...outcome }
  } catch (err) {
    run = { section: section.name, status: 'failed', error: err instanceof Error ? err.message : String(err), durationMs: performance.now() - started, rows: [], details: {}, notes: [] }
  } finally {
    clearTimeout(timer)
  }
  // The 1-minute average, read as the section ends: it covers most of what the section measured.
  const load = loadavg()[0]!
  if (load > cpus().length + BUSY_LOAD_MARGIN) run.notes.push(`the machine was busy (load average ${load.toFixed(1)} on ${cpus().length} cores): numbers are pessimistic`)
  for (const cleanup of cleanups.reverse()) {
    try {
      await Promise.race([cleanup(), sleep(CLEANUP_LIMIT_MS)])
    } catch (err) {
      run.notes.push(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return { ...run, loadAverage: Math.round(load * 100) / 100 }
}
