/** @module relay/main — the entry point esbuild bundles into dist/relay.js. */
import { main } from './cli.js'

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code
  },
  (err: unknown) => {
    console.error('parley:', err instanceof Error ? err.message : err)
    process.exitCode = 1
  },
)
