/**
 * @module scripts/bench/store — the relay's message path without the network (store-child.ts):
 * CPU time, bytes handed to the disk and write calls per message, 200 conversations with one
 * message each per commit. Throughput on a shared machine drifts from run to run; bytes and
 * write calls per message do not, so this is where a change to the store shows for certain.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { LOAD } from './load.js'
import type { Section } from './section.js'
import { round } from './stats.js'
import type { StoreChildOptions, StoreChildResult } from './store-child.js'

const CHILD = join(import.meta.dirname, 'store-child.ts')

export const store: Section = {
  name: 'store',
  title: `the message path without the network: ${LOAD.clients} conversations, one message each per commit`,
  limitMs: 60_000,
  async run(context) {
    // The same size in --quick: bytes per message depend on where the WAL's checkpoints fall.
    const childOptions: StoreChildOptions = { conversations: LOAD.clients, commits: 100 }
    context.progress(`${childOptions.commits} commits of ${childOptions.conversations} messages, after as many to warm up`)
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(childOptions)], { cwd: join(import.meta.dirname, '..', '..'), timeout: 50_000 })
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as StoreChildResult
    const cpu = result.cpuUsPerMessage.user + result.cpuUsPerMessage.system
    return {
      rows: [
        { metric: 'CPU per message (user + system)', value: `${round(cpu)} (${round(result.cpuUsPerMessage.user)} + ${round(result.cpuUsPerMessage.system)})`, unit: 'µs' },
        { metric: 'bytes written per message', value: round(result.bytesWrittenPerMessage / 1024), unit: 'KB' },
        { metric: 'write calls per message', value: round(result.writeCallsPerMessage), unit: '' },
        { metric: 'wall time per message', value: round(result.wallUsPerMessage), unit: 'µs' },
      ],
      details: { config: childOptions, ...result },
      notes: [
        'real visitor sessions, core, write queue and store (WAL, synchronous=FULL) in one process, no sockets; bytes and calls from /proc/self/io (wchar, syscw): the WAL, its checkpoints and the database file',
      ],
    }
  },
}
