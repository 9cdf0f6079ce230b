/**
 * @module scripts/bench/scale — section 4: send→operator latency at 100, 1,000 and 5,000 live
 * conversations, the relay's memory per idle visitor socket at 10,000, and cold start.
 */
import { measureColdStarts } from './cold-start.js'
import { measureIdleMemory } from './idle-memory.js'
import { openFileLimit, type Row } from './report.js'
import { measureAtScale, MESSAGES_PER_SECOND } from './scale-latency.js'
import { scoped, type Section } from './section.js'
import { round } from './stats.js'

export const SCALE_SIZES = [100, 1_000, 5_000] as const
export const IDLE_SOCKETS = 10_000
/** The targets. */
export const SCALE_TARGET = { p99AtThousandMs: 25, rssPerSocketBytes: 20 * 1024 }

export const scale: Section = {
  name: 'scale',
  title: 'latency at 100 / 1,000 / 5,000 conversations, memory per idle socket, cold start',
  limitMs: 200_000,
  async run(context) {
    const rows: Row[] = []
    const notes: string[] = []
    const profileWindows: Record<string, { fromUs: number; toUs: number }> = {}
    const latencies = []
    for (const size of SCALE_SIZES) {
      const result = await scoped(context, (inner) => measureAtScale(inner, size))
      latencies.push(result)
      profileWindows[`scale-${size}`] = result.window
      const p99 = result.sendToOperatorMs.p99
      rows.push(
        { metric: `send→operator p50 at ${size.toLocaleString('en-US')} conversations`, value: round(result.sendToOperatorMs.p50), unit: 'ms' },
        {
          metric: `send→operator p99 at ${size.toLocaleString('en-US')} conversations`,
          value: round(p99),
          unit: 'ms',
          ...(size === 1_000 && { target: { text: `≤ ${SCALE_TARGET.p99AtThousandMs} ms`, met: p99 <= SCALE_TARGET.p99AtThousandMs } }),
        },
      )
      if (result.errors) notes.push(`${result.errors} error frames at ${size} conversations`)
    }
    notes.push(`latency under a steady ${MESSAGES_PER_SECOND} messages/s from random visitors; every visitor connected, every conversation open on an operator's socket`)

    const openFiles = openFileLimit()
    const memory = await scoped(context, (inner) => measureIdleMemory(inner, IDLE_SOCKETS, openFiles))
    rows.push({
      metric: `relay RSS per idle WebSocket (${memory.sockets.toLocaleString('en-US')})`,
      value: round(memory.rssPerSocketBytes / 1024),
      unit: 'KB',
      target: { text: `≤ ${SCALE_TARGET.rssPerSocketBytes / 1024} KB`, met: memory.rssPerSocketBytes <= SCALE_TARGET.rssPerSocketBytes },
    })
    rows.push({ metric: 'relay JS heap per idle WebSocket', value: round(memory.heapPerSocketBytes / 1024), unit: 'KB' })
    if (memory.limitedBy) notes.push(memory.limitedBy)

    const cold = await scoped(context, (inner) => measureColdStarts(inner, context.options.sizes.coldStarts))
    rows.push({ metric: `cold start, spawn → first welcome (median of ${cold.spawnToWelcomeMs.count})`, value: round(cold.spawnToWelcomeMs.p50), unit: 'ms' })
    rows.push({ metric: 'cold start, slowest', value: round(cold.spawnToWelcomeMs.max), unit: 'ms' })
    notes.push(`cold start runs the built relay (bin/parley.js serve, dist/relay.js built ${cold.bundleBuiltAt}); the other parts run the sources`)

    return { rows, details: { latencies, idleMemory: memory, coldStart: cold, openFiles }, notes, profileWindows }
  },
}
