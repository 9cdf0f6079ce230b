/**
 * @module scripts/chaos/relay-process — the real, built relay as a child process on a fixed
 * loopback port and a fresh SQLite file, seeded through the real CLI. It can be killed with
 * SIGKILL and started again on the same port, since the fault proxy in front targets that port.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PARLEY_BIN as BIN, freePort, spawnRelay } from '../spawn-relay.js'

export { freePort }

const ROOT = join(import.meta.dirname, '..', '..')
/** Kept for the failure report: the relay's stderr is noise (resets it logs) unless the run fails. */
const KEEP_LOG_LINES = 40

export interface RelayProcess {
  port: number
  url: string
  starts: number
  start(): Promise<void>
  /** SIGKILL: no drain, no checkpoint; the WAL must carry everything acked. */
  kill(): Promise<void>
  /** SIGTERM: the relay drains and closes the database. Nothing starts it again after this. */
  stop(): Promise<void>
  log(): string[]
  /** Exits nobody asked for (a crash): each one fails the run. */
  crashes(): string[]
}

export function cli(...args: string[]): void {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`parley ${args.join(' ')} failed: ${result.stderr.trim()}`)
}

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'relay.js'))) throw new Error('dist/relay.js is missing; run `npm run build` first')
}

export function createRelayProcess(db: string, port: number): RelayProcess {
  let child: ChildProcess | undefined
  let starts = 0
  let retired = false
  // Last resort: a run that ends in the middle of a restart must not leave a relay behind.
  process.once('exit', () => child?.kill('SIGKILL'))
  const lines: string[] = []
  const crashes: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean))
    lines.splice(0, Math.max(0, lines.length - KEEP_LOG_LINES))
  }

  function exited(proc: ChildProcess): Promise<void> {
    return proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once('exit', () => resolve()))
  }

  async function start(): Promise<void> {
    if (retired) throw new Error('the relay was stopped for good')
    const started = spawnRelay(db, { port, onStderr: keep })
    starts++
    try {
      const { child: proc } = await started
      child = proc
      proc.once('exit', (code, sig) => {
        if (child === proc) crashes.push(`relay exited by itself (${code ?? sig}): ${lines.slice(-3).join(' / ')}`)
      })
    } catch (err) {
      throw new Error(`${(err as Error).message} / ${lines.slice(-5).join(' / ')}`)
    }
  }

  async function signal(name: NodeJS.Signals): Promise<void> {
    const proc = child
    if (!proc) return
    child = undefined
    const done = exited(proc)
    proc.kill(name)
    await done
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get starts() {
      return starts
    },
    start,
    kill: () => signal('SIGKILL'),
    stop() {
      retired = true
      return signal('SIGTERM')
    },
    log: () => [...lines],
    crashes: () => [...crashes],
  }
}
