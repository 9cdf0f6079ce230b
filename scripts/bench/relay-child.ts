/**
 * @module scripts/bench/relay-child — the relay under load, in a process of its own so the load
 * generator never shares its event loop: `createRelay` from the sources on a bench database,
 * rate limits out of the way, driven over IPC (ready, memory, stop). Stopping closes the relay
 * and exits normally, so `--cpu-prof` gets to write its profile.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { findSourceMap } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRelay } from '../../relay/server.js'
import { UNLIMITED_RATES } from '../../relay/testing.js'

export interface RelayChildOptions {
  db: string
  /** `parley serve --commit-window`; 0 (the default) commits on the next loop turn. */
  commitWindowMs: number
  /** With `--cpu-prof`: where to write the source maps of the loaded sources (see below). */
  sourceMapsOut?: string
}

export type ToRelayChild = { type: 'memory' } | { type: 'stop' }
export type FromRelayChild = { type: 'ready'; url: string } | { type: 'memory'; rss: number; heapUsed: number; external: number }

const options = JSON.parse(process.argv[2] ?? '{}') as RelayChildOptions
const send = (message: FromRelayChild) => process.send?.(message)
const collectGarbage = (globalThis as { gc?: () => void }).gc

const relay = await createRelay({
  db: options.db,
  port: 0,
  commitWindowMs: options.commitWindowMs,
  // The bench measures the relay's work, not its limiter: thousands of frames per visitor pass.
  frameRates: UNLIMITED_RATES,
  log: (...args: unknown[]) => console.error('relay:', ...args),
})
send({ type: 'ready', url: relay.url })

process.on('message', (message: ToRelayChild) => {
  if (message.type === 'memory') {
    // Started with --expose-gc for memory readings: what is live, not what awaits collection.
    collectGarbage?.()
    const { rss, heapUsed, external } = process.memoryUsage()
    send({ type: 'memory', rss, heapUsed, external })
  }
  if (message.type === 'stop') {
    void relay
      .close()
      .then(writeSourceMaps)
      .finally(() => process.exit(0))
  }
})
/**
 * tsx compiles each source to a few long lines, so a profile's positions say little by
 * themselves. Node keeps the inline source maps of what it loaded; saved beside the profile,
 * they let scripts/bench/profile-summary name the original line of every function.
 */
function writeSourceMaps(): void {
  if (!options.sourceMapsOut) return
  const root = join(import.meta.dirname, '..', '..')
  const maps: Record<string, unknown> = {}
  for (const folder of ['relay', 'relay/store', 'protocol']) {
    for (const name of readdirSync(join(root, folder))) {
      if (!name.endsWith('.ts')) continue
      const url = pathToFileURL(join(root, folder, name)).href
      const map = findSourceMap(url)
      if (map) maps[url] = { ...map.payload, sourcesContent: undefined }
    }
  }
  writeFileSync(options.sourceMapsOut, JSON.stringify(maps))
}

// The bench went away without saying stop: do not outlive it.
process.on('disconnect', () => process.exit(0))
