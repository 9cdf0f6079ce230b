/**
 * @module scripts/bench/relay-process — starts a relay child (scripts/bench/relay-child.ts under
 * tsx, optionally with `--cpu-prof`), waits for its address, reads its memory and stops it. Every
 * child still running when the bench exits is killed, whatever ended the bench.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FromRelayChild, RelayChildOptions, ToRelayChild } from './relay-child.js'

const ROOT = join(import.meta.dirname, '..', '..')
const CHILD = join(import.meta.dirname, 'relay-child.ts')
/** Past these the child is broken, not slow. */
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 15_000
const KEEP_LOG_LINES = 10

/** Written by the child beside its profiles: see relay-child.ts. */
export const SOURCE_MAPS_FILE = 'source-maps.json'

const living = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of living) child.kill('SIGKILL')
})

/** Kills `child` if it is still running when the bench exits, however the bench ends. */
export function killOnExit(child: ChildProcess): void {
  living.add(child)
  child.once('exit', () => living.delete(child))
}

export interface Memory {
  rss: number
  heapUsed: number
  external: number
}

export interface RelayChild {
  url: string
  wsUrl: string
  pid: number
  /** Memory after a full garbage collection (needs `exposeGc`). */
  memory(): Promise<Memory>
  /** What the relay logged: its count and the last few lines (errors under load are worth a note). */
  log(): { count: number; last: string[] }
  stop(): Promise<void>
}

export interface RelayChildStart extends Partial<RelayChildOptions> {
  db: string
  /** Names the folder its .cpuprofile files go to. */
  label: string
  profileDir?: string
  exposeGc?: boolean
}

export async function startRelayChild(start: RelayChildStart): Promise<RelayChild> {
  const profileDir = start.profileDir && join(start.profileDir, start.label)
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const options: RelayChildOptions = {
    db: start.db,
    commitWindowMs: start.commitWindowMs ?? 0,
    ...(profileDir && { sourceMapsOut: join(profileDir, SOURCE_MAPS_FILE) }),
  }
  const execArgv = [
    ...(start.exposeGc ? ['--expose-gc'] : []),
    // One folder per relay: tsx's loader thread writes a profile of its own beside the main thread's.
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
  ]
  const child = fork(CHILD, [JSON.stringify(options)], { cwd: ROOT, execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] })
  killOnExit(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const lines: string[] = []
  let count = 0
  child.stderr!.on('data', (chunk: Buffer) => {
    const fresh = chunk.toString().split('\n').filter(Boolean)
    count += fresh.length
    lines.push(...fresh)
    lines.splice(0, Math.max(0, lines.length - KEEP_LOG_LINES))
  })

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay child did not start within ${START_TIMEOUT_MS} ms: ${lines.join(' / ')}`)), START_TIMEOUT_MS)
    child.on('message', (message: FromRelayChild) => {
      if (message.type !== 'ready') return
      clearTimeout(timer)
      resolve(message.url)
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`relay child exited while starting: ${lines.join(' / ')}`))
    })
  }).catch((err: unknown) => {
    child.kill('SIGKILL')
    throw err
  })

  const ask = (message: ToRelayChild) => child.send(message)
  let stopping: Promise<void> | undefined
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    pid: child.pid!,
    memory: () =>
      new Promise<Memory>((resolve) => {
        const answer = (message: FromRelayChild) => {
          if (message.type !== 'memory') return
          child.off('message', answer)
          resolve({ rss: message.rss, heapUsed: message.heapUsed, external: message.external })
        }
        child.on('message', answer)
        ask({ type: 'memory' })
      }),
    log: () => ({ count, last: [...lines] }),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return
        ask({ type: 'stop' })
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
        await exited
        clearTimeout(timer)
      })()
      return stopping
    },
  }
}
