/**
 * @module scripts/bench/report — what a section hands back (rows for the table, details for the
 * JSON file), the printed table, and bench-results.json with the machine the numbers came from.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProfileWindow } from './load.js'
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os'

/** A target from the issue, and whether this run met it. */
export interface Target {
  text: string
  met: boolean
}

export interface Row {
  metric: string
  value: number | string
  unit: string
  target?: Target
}

export interface SectionResult {
  rows: Row[]
  /** Everything measured, with the configuration that produced it (for bench-results.json). */
  details: Record<string, unknown>
  /** What a reader must know to trust the numbers (what was measured, what could not be). */
  notes: string[]
  /** Per relay child (its profile label): the measured span, so `--profile` summaries leave out setup. */
  profileWindows?: Record<string, ProfileWindow>
}

export interface SectionRun extends SectionResult {
  section: string
  status: 'ok' | 'failed' | 'timed out'
  error?: string
  durationMs: number
  /** The machine's 1-minute load average as the section ended (the bench itself adds about 2). */
  loadAverage?: number
}

export function emptyResult(): SectionResult {
  return { rows: [], details: {}, notes: [] }
}

/** The soft limit on open files for this process (children inherit it). */
export function openFileLimit(): number {
  const result = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' })
  const limit = Number(result.stdout.trim())
  return Number.isFinite(limit) ? limit : Number.POSITIVE_INFINITY
}

/** Which code was measured: the commit, and how many files differ from it (the relay may be mid-change). */
export function sourceInfo(): { commit: string | null; changedFiles: number | null } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' })
  const head = git('rev-parse', '--short', 'HEAD')
  if (head.status !== 0) return { commit: null, changedFiles: null }
  const status = git('status', '--porcelain', '--untracked-files=no')
  return { commit: head.stdout.trim(), changedFiles: status.stdout.split('\n').filter(Boolean).length }
}

export function machineInfo() {
  const cores = cpus()
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    openFileLimit: openFileLimit(),
    /** Other work on the machine skews every number: the 1-minute load average when the bench started. */
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
  }
}

const group = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 2 })

export function formatValue(row: Row): string {
  const value = typeof row.value === 'number' ? (Number.isNaN(row.value) ? 'n/a' : group(row.value)) : row.value
  return row.unit ? `${value} ${row.unit}` : value
}

export function formatTable(runs: SectionRun[]): string {
  const lines: string[][] = [['section', 'metric', 'value', 'target']]
  for (const run of runs) {
    if (run.status !== 'ok') lines.push([run.section, `${run.status.toUpperCase()} (see below)`, '', ''])
    for (const row of run.rows) {
      const target = row.target ? `${row.target.met ? 'met' : 'NOT met'}: ${row.target.text}` : ''
      lines.push([run.section, row.metric, formatValue(row), target])
    }
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)))
  const render = (line: string[]) =>
    line
      .map((cell, column) => (column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd()
  return [render(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(render)].join('\n')
}

export function writeResults(path: string, runs: SectionRun[], options: Record<string, unknown>, startedAt: Date, machine: ReturnType<typeof machineInfo>, profiles: unknown[] = []): void {
  const document = {
    date: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    machine: { ...machine, loadAverageAtEnd: Math.round(loadavg()[0]! * 100) / 100 },
    source: sourceInfo(),
    options,
    sections: runs,
    profiles,
  }
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`)
}
