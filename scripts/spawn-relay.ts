/**
 * @module scripts/spawn-relay — starts the built relay (`bin/parley.js serve`) as a child
 * process and resolves with its address once it says it listens. One way to do this for the
 * CLI tests, the delivery tests, the e2e fixtures and the chaos run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
export const PARLEY_BIN = join(ROOT, 'bin', 'parley.js')
/** The relay's TypeScript entry: `fromSource` runs it through tsx, for tests of this tree's code rather than of dist/. */
export const RELAY_SOURCE = join(ROOT, 'relay', 'main.ts')
/** A relay that has not said it listens by then is broken, not slow. */
const START_TIMEOUT_MS = 15_000

export interface SpawnedRelay {
  child: ChildProcess
  url: string
}

/** `port` 0 lets the relay pick; `extra` are more `serve` flags; stderr is passed through unless given. */
export function spawnRelay(db: string, options: { port?: number; extra?: string[]; onStderr?: (chunk: Buffer) => void; fromSource?: boolean } = {}): Promise<SpawnedRelay> {
  const entry = options.fromSource ? ['--import', import.meta.resolve('tsx'), RELAY_SOURCE] : [PARLEY_BIN]
  const args = [...entry, 'serve', '--port', String(options.port ?? 0), '--db', db, ...(options.extra ?? [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', options.onStderr ? 'pipe' : 'inherit'] })
  if (options.onStderr) child.stderr!.on('data', options.onStderr)
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`relay did not start within ${START_TIMEOUT_MS} ms: ${out}`))
    }, START_TIMEOUT_MS)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (!match) return
      clearTimeout(timer)
      resolve({ child, url: match[1]! })
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`relay exited (${code ?? signal}) while starting: ${out}`))
    })
  })
}

/** A loopback port that was free a moment ago, for a relay that must come back on the same address. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}
