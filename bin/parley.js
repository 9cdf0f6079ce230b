#!/usr/bin/env node
// The `parley` command: runs the built relay bundle (npm run build makes it).
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/relay.js', import.meta.url)
if (!existsSync(bundle)) {
  console.error('parley: dist/relay.js is missing; run `npm run build` first')
  process.exit(1)
}
await import(bundle.href)
