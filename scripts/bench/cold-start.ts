/**
 * @module scripts/bench/cold-start — how long the relay as shipped (`bin/parley.js serve`, the
 * built dist/relay.js) takes from spawn to its first WebSocket welcome: the process starts, the
 * database opens and migrates, bundles are compressed, the port listens, a visitor is welcomed.
 */
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { WS_PATH } from '../../protocol/index.js'
import { PARLEY_BIN, freePort } from '../spawn-relay.js'
import { killOnExit } from './relay-process.js'
import { sleep, type SectionContext } from './section.js'
import { BENCH_SITE, createBenchDb } from './seed.js'
import { closeWebSocket, openWebSocket } from './socket.js'
import { summarize, type Summary } from './stats.js'

const BUNDLE = join(PARLEY_BIN, '..', '..', 'dist', 'relay.js')
/** A relay not welcoming anyone by then is broken. */
const GIVE_UP_MS = 20_000
/** Someone may be rebuilding dist/ right now: wait this long once before giving up. */
const REBUILD_WAIT_MS = 30_000

/** Spawn → first welcome, once. */
async function coldStart(db: string): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [PARLEY_BIN, 'serve', '--port', String(port), '--db', db], { stdio: 'ignore' })
  killOnExit(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    for (;;) {
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`the relay welcomed nobody within ${GIVE_UP_MS} ms`)
      if (child.exitCode !== null) throw new Error(`the relay exited with ${child.exitCode} while starting`)
      const ws = await openWebSocket(`ws://127.0.0.1:${port}${WS_PATH.visitor}`).catch(() => undefined)
      if (!ws) {
        await sleep(2) // not listening yet
        continue
      }
      const welcomed = await new Promise<boolean>((resolve) => {
        ws.once('message', (data: Buffer) => resolve(data.toString().startsWith('{"type":"welcome"')))
        ws.once('close', () => resolve(false))
        ws.send(JSON.stringify({ type: 'hello', site: BENCH_SITE }))
      })
      const elapsed = performance.now() - started
      await closeWebSocket(ws)
      if (!welcomed) throw new Error('the relay answered the first hello with something else than welcome')
      return elapsed
    }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

export interface ColdStart {
  spawnToWelcomeMs: Summary
  bundleBuiltAt: string
}

export async function measureColdStarts(context: SectionContext, runs: number): Promise<ColdStart> {
  if (!existsSync(BUNDLE)) {
    context.progress(`dist/relay.js is missing (a rebuild?); waiting ${REBUILD_WAIT_MS / 1000} s`)
    await sleep(REBUILD_WAIT_MS)
    if (!existsSync(BUNDLE)) throw new Error('dist/relay.js is missing: run `npm run build` first')
  }
  const db = createBenchDb({ operators: 1, capacity: 1 })
  db.close()
  context.defer(() => db.remove())
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await coldStart(db.path))
  return { spawnToWelcomeMs: summarize(times), bundleBuiltAt: statSync(BUNDLE).mtime.toISOString() }
}
