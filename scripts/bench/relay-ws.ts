/**
 * @module scripts/bench/relay-ws — section 2: the relay over WebSocket. Visitors say hello and
 * write a first message (the conversation is routed to an operator, who opens it), then each
 * keeps a window of messages in flight. Timed: send→ack at the visitor (the ack follows the
 * SQLite commit) and send→operator (the message frame on the operator's socket).
 */
import { performance } from 'node:perf_hooks'
import { startCpuSpan } from './cpu.js'
import { LOAD, createMeter, type Meter } from './load.js'
import { waitUntil, type Section } from './section.js'
import { BENCH_SITE } from './seed.js'
import { closeWebSocket, inBatches } from './socket.js'
import { stageRelay } from './stage.js'
import { round, summarize } from './stats.js'
import { openVisitorSocket, type VisitorSocket } from './visitor-socket.js'

/** Share of the ceiling's messages/s the relay should reach, acking only durable messages (the target). */
export const CEILING_SHARE_TARGET = 0.35
const DRAIN_MS = 10_000

export const relayWs: Section = {
  name: 'ws',
  title: `relay over WebSocket: ${LOAD.clients} visitors, ${LOAD.operators} operators`,
  limitMs: 75_000,
  async run(context) {
    const { options, defer, progress, earlier } = context
    const stage = await stageRelay(context, { label: 'ws', operators: LOAD.operators, capacity: Math.ceil((2 * LOAD.clients) / LOAD.operators) })
    let meter: Meter | undefined
    let acked = 0
    const onAck = (latencyMs: number, visitor: VisitorSocket) => {
      acked++
      if (!meter) return
      meter.record('ack', latencyMs, true)
      if (!meter.over) visitor.send()
    }

    progress(`${LOAD.clients} visitors say hello and start a conversation`)
    const visitors = await inBatches(Array.from({ length: LOAD.clients }), 50, async (_, index) => {
      const visitor = await openVisitorSocket({ wsUrl: stage.relay.wsUrl, index, hello: { type: 'hello', site: BENCH_SITE }, onAck })
      await visitor.sendAndWait()
      return visitor
    })
    defer(() => Promise.all(visitors.map((visitor) => closeWebSocket(visitor.ws))))
    const opened = () => stage.operators.reduce((sum, operator) => sum + operator.opened(), 0)
    await waitUntil(() => opened() >= LOAD.clients, 30_000, () => `operators to open ${LOAD.clients} conversations (${opened()} open)`)
    for (const operator of stage.operators) operator.settle()

    progress(`${LOAD.window} messages in flight per visitor for ${(options.sizes.warmupMs + options.sizes.measureMs) / 1000} s`)
    meter = stage.sink.meter = createMeter(options.sizes)
    for (const visitor of visitors) for (let i = 0; i < LOAD.window; i++) visitor.send()
    await meter.measuring
    const cpu = startCpuSpan({ relay: stage.relay.pid })
    await meter.finished
    const cpuPercent = cpu.end()
    const drained = performance.now()
    await waitUntil(() => visitors.every((v) => v.inFlight() === 0), DRAIN_MS, () => 'the last acks').catch(() => {})

    const sent = visitors.reduce((sum, visitor) => sum + visitor.inFlight(), acked)
    const stored = stage.count("SELECT count(*) AS n FROM messages WHERE author = 'visitor'")
    const errors = visitors.flatMap((visitor) => visitor.errors())
    const ack = summarize(meter.samples('ack'))
    const toOperator = summarize(meter.samples('operator'))
    const rate = meter.rate()
    const ceilingRate = earlier.get('ceiling')?.details.messagesPerSecond as number | undefined
    const share = ceilingRate ? rate / ceilingRate : undefined
    const memory = await stage.relay.memory()
    const notes = [
      `every ack follows the SQLite commit (WAL, synchronous=FULL): ${acked} acked, ${stored} visitor messages in the file${stored >= acked ? '' : ' — FEWER THAN ACKED'}`,
    ]
    if (errors.length) notes.push(`${errors.length} error frames, first: ${JSON.stringify(errors[0])}`)
    if (sent > acked) notes.push(`${sent - acked} messages still unacked ${Math.round(performance.now() - drained)} ms after the end`)
    if (!share) notes.push('ratio to the ceiling needs the ceiling section in the same run (--only ceiling,ws)')
    const relayLog = stage.relay.log()
    if (relayLog.count) notes.push(`the relay logged ${relayLog.count} lines, last: ${relayLog.last.at(-1)}`)
    return {
      rows: [
        { metric: 'messages/s', value: Math.round(rate), unit: 'msg/s' },
        {
          metric: 'share of the ceiling',
          value: share === undefined ? 'n/a' : Math.round(share * 100),
          unit: share === undefined ? '' : '%',
          ...(share !== undefined && { target: { text: `≥ ${CEILING_SHARE_TARGET * 100} % of ceiling`, met: share >= CEILING_SHARE_TARGET } }),
        },
        { metric: 'send→ack p50', value: round(ack.p50), unit: 'ms' },
        { metric: 'send→ack p99', value: round(ack.p99), unit: 'ms' },
        { metric: 'send→operator p50', value: round(toOperator.p50), unit: 'ms' },
        { metric: 'send→operator p99', value: round(toOperator.p99), unit: 'ms' },
        { metric: 'CPU: relay / load generator', value: `${cpuPercent.relay} / ${cpuPercent.loadGenerator}`, unit: '% of a core' },
        // Steadier than messages/s on a shared machine: the relay's work per message, whatever its pace.
        { metric: 'relay CPU per message', value: cpuPercent.relay === undefined ? 'n/a' : Math.round((cpuPercent.relay * 10_000) / Math.max(1, rate)), unit: 'µs' },
      ],
      details: {
        config: { ...LOAD, ...options.sizes, commitWindowMs: 0 },
        messagesPerSecond: rate,
        shareOfCeiling: share ?? null,
        sendToAckMs: ack,
        sendToOperatorMs: toOperator,
        cpuPercent,
        relayMemory: memory,
        acked,
        storedVisitorMessages: stored,
        errorFrames: errors.length,
      },
      notes,
      profileWindows: { ws: meter.span() },
    }
  },
}
