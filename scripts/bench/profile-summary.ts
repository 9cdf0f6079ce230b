/**
 * @module scripts/bench/profile-summary — reads the relay's .cpuprofile files (`--profile`) and
 * adds up self time by function and by file, so the hot path shows in the terminal without
 * opening DevTools. Self time is the sum of the sample intervals spent in a function itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ProfileWindow } from './load.js'
import { SOURCE_MAPS_FILE } from './relay-process.js'

interface ProfileNode {
  id: number
  /** Positions are 0-based, in the code V8 ran (tsx's output for our sources). */
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}

interface CpuProfile {
  /** µs on the monotonic clock, as are the sample times built from it. */
  startTime: number
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface HotSpot {
  name: string
  selfMs: number
  percent: number
}

export interface ProfileSummary {
  file: string
  /** Only samples inside this span were counted (the section's measured load), when known. */
  window: ProfileWindow | null
  /** Sampled time the process was not idle, in ms. */
  busyMs: number
  idleMs: number
  functions: HotSpot[]
  files: HotSpot[]
}

const ROOT = join(import.meta.dirname, '..', '..')

function place(url: string): string {
  if (!url) return '(native)'
  if (url.startsWith('file://')) {
    const path = fileURLToPath(url)
    // node_modules wherever they are (a worktree may link them), else relative to the repository.
    const npm = /node_modules\/(.*)$/.exec(path)
    return npm ? `npm:${npm[1]}` : relative(ROOT, path)
  }
  return url
}

function top(totals: Map<string, number>, busyMs: number, count: number): HotSpot[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), percent: Math.round((us / 1000 / busyMs) * 1000) / 10 }))
}

/** Maps a position in tsx's output back to the source line, with the maps the relay child saved. */
function sourceLines(dir: string): (url: string, line: number, column: number) => number {
  const path = join(dir, SOURCE_MAPS_FILE)
  const payloads = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, SourceMapPayload>) : {}
  const maps = new Map<string, SourceMap>()
  return (url, line, column) => {
    const payload = payloads[url]
    if (!payload) return line + 1
    let map = maps.get(url)
    if (!map) maps.set(url, (map = new SourceMap(payload)))
    const entry = map.findEntry(line, column) as { originalLine?: number }
    return entry.originalLine === undefined ? line + 1 : entry.originalLine + 1
  }
}

export function summarizeProfile(file: string, window?: ProfileWindow, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const lineOf = sourceLines(join(file, '..'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const functions = new Map<string, number>()
  const files = new Map<string, number>()
  let idleUs = 0
  let busyUs = 0
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0
    at += us
    if (window && (at < window.fromUs || at > window.toUs)) return
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame
    if (functionName === '(idle)') return void (idleUs += us)
    busyUs += us
    const where = place(url)
    const name = `${functionName || '(anonymous)'} ${where}${url ? `:${lineOf(url, lineNumber, columnNumber)}` : ''}`
    functions.set(name, (functions.get(name) ?? 0) + us)
    files.set(where, (files.get(where) ?? 0) + us)
  })
  const busyMs = busyUs / 1000
  return { file, window: window ?? null, busyMs: Math.round(busyMs), idleMs: Math.round(idleUs / 1000), functions: top(functions, busyMs, count), files: top(files, busyMs, count) }
}

/** One summary per relay (a folder per relay): its main thread, the profile with the most busy time. */
export function summarizeProfiles(dir: string, windows: Record<string, ProfileWindow> = {}): ProfileSummary[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const threads = readdirSync(join(dir, entry.name))
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => summarizeProfile(join(dir, entry.name, name), windows[entry.name]))
      return threads.sort((a, b) => b.busyMs - a.busyMs).slice(0, 1)
    })
}

export function formatProfile(summary: ProfileSummary): string {
  const line = (spot: HotSpot) => `    ${`${spot.percent.toFixed(1)}%`.padStart(6)} ${String(spot.selfMs).padStart(7)} ms  ${spot.name}`
  const span = summary.window ? `the measured ${Math.round((summary.window.toUs - summary.window.fromUs) / 1000)} ms` : 'the whole run'
  return [
    `${summary.file}, ${span}: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle`,
    '  self time by function:',
    ...summary.functions.map(line),
    '  self time by file:',
    ...summary.files.slice(0, 10).map(line),
  ].join('\n')
}
