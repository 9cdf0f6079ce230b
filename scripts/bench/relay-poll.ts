/**
 * @module scripts/bench/relay-poll — section 3: the same conversations with the visitors on
 * long-polling instead of WebSocket (operators stay on their socket). Each visitor holds one poll
 * open and sends its window of messages per POST, as the widget's long-poll link does; all
 * requests share one keep-alive pool.
 */
import { startCpuSpan } from './cpu.js'
import { LOAD, createMeter, type Meter } from './load.js'
import { waitUntil, type Section } from './section.js'
import { BENCH_SITE } from './seed.js'
import { inBatches } from './socket.js'
import { stageRelay } from './stage.js'
import { round, summarize } from './stats.js'
import { createPollAgent, joinOverPoll } from './visitor-poll.js'

/** The targets for long-polling at 200 visitors. */
export const POLL_TARGET = { messagesPerSecond: 10_000, p50Ms: 40 }

export const relayPoll: Section = {
  name: 'poll',
  title: `relay over long-polling: ${LOAD.clients} visitors, ${LOAD.operators} operators on WebSocket`,
  limitMs: 75_000,
  async run(context) {
    const { options, defer, progress } = context
    const stage = await stageRelay(context, { label: 'poll', operators: LOAD.operators, capacity: Math.ceil((2 * LOAD.clients) / LOAD.operators) })
    const agent = createPollAgent()
    defer(() => agent.destroy())

    progress(`${LOAD.clients} visitors say hello and start a conversation over long-polling`)
    const visitors = await inBatches(Array.from({ length: LOAD.clients }), 50, (_, index) => joinOverPoll(agent, stage.relay.url, BENCH_SITE, index))
    const opened = () => stage.operators.reduce((sum, operator) => sum + operator.opened(), 0)
    await waitUntil(() => opened() >= LOAD.clients, 30_000, () => `operators to open ${LOAD.clients} conversations (${opened()} open)`)
    for (const operator of stage.operators) operator.settle()

    progress(`${LOAD.window} messages per POST, one POST at a time per visitor, for ${(options.sizes.warmupMs + options.sizes.measureMs) / 1000} s`)
    const meter: Meter = (stage.sink.meter = createMeter(options.sizes))
    let acked = 0
    const count = () =>
      visitors.reduce((sum, visitor) => {
        const requests = visitor.requests()
        return { all: sum.all + requests.all, sends: sum.sends + requests.sends }
      }, { all: 0, sends: 0 })
    const sending = Promise.all(
      visitors.map((visitor) =>
        visitor.run({
          window: LOAD.window,
          stopped: () => meter.over,
          onAck: (latencyMs) => {
            acked++
            meter.record('ack', latencyMs, true)
          },
        }),
      ),
    )
    await meter.measuring
    const cpu = startCpuSpan({ relay: stage.relay.pid })
    const atStart = count()
    await meter.finished
    const cpuPercent = cpu.end()
    const atEnd = count()
    const requestsPerSecond = (atEnd.all - atStart.all) / (options.sizes.measureMs / 1000)
    // Held polls answered and made again per sending POST: with the page's id on its requests, the
    // visitor's own messages do not wake it (operators' summaries and replies would).
    const heldPerSend = (atEnd.all - atStart.all - (atEnd.sends - atStart.sends)) / Math.max(1, atEnd.sends - atStart.sends)
    await sending
    agent.destroy() // ends the held polls

    const stored = stage.count("SELECT count(*) AS n FROM messages WHERE author = 'visitor'")
    const errors = visitors.flatMap((visitor) => visitor.errors())
    const ack = summarize(meter.samples('ack'))
    const toOperator = summarize(meter.samples('operator'))
    const rate = meter.rate()
    const notes = [
      `each visitor holds one poll open (wait 25 s) and sends ${LOAD.window} messages per POST; the relay's ack for a message is in the POST's answer, after the commit`,
      `${round(heldPerSend)} held polls answered and made again per POST that sent messages (the page's own messages do not wake its held poll)`,
      `${acked} acked in the load phase, ${stored} visitor messages in the file (first messages included)${stored >= acked ? '' : ' — FEWER THAN ACKED'}`,
    ]
    if (errors.length) notes.push(`${errors.length} error frames, first: ${JSON.stringify(errors[0])}`)
    const relayLog = stage.relay.log()
    if (relayLog.count) notes.push(`the relay logged ${relayLog.count} lines, last: ${relayLog.last.at(-1)}`)
    return {
      rows: [
        {
          metric: 'messages/s',
          value: Math.round(rate),
          unit: 'msg/s',
          target: { text: `≥ ${POLL_TARGET.messagesPerSecond.toLocaleString('en-US')} msg/s`, met: rate >= POLL_TARGET.messagesPerSecond },
        },
        { metric: 'HTTP requests/s', value: Math.round(requestsPerSecond), unit: 'req/s' },
        { metric: 'send→ack p50', value: round(ack.p50), unit: 'ms', target: { text: `≤ ${POLL_TARGET.p50Ms} ms`, met: ack.p50 <= POLL_TARGET.p50Ms } },
        { metric: 'send→ack p99', value: round(ack.p99), unit: 'ms' },
        { metric: 'send→operator p50', value: round(toOperator.p50), unit: 'ms' },
        { metric: 'send→operator p99', value: round(toOperator.p99), unit: 'ms' },
        { metric: 'CPU: relay / load generator', value: `${cpuPercent.relay} / ${cpuPercent.loadGenerator}`, unit: '% of a core' },
        // Steadier than messages/s on a shared machine: the relay's work per message, whatever its pace.
        { metric: 'relay CPU per message', value: cpuPercent.relay === undefined ? 'n/a' : Math.round((cpuPercent.relay * 10_000) / Math.max(1, rate)), unit: 'µs' },
      ],
      details: {
        config: { ...LOAD, ...options.sizes, messagesPerPost: LOAD.window, heldPollPerVisitor: true },
        messagesPerSecond: rate,
        requestsPerSecond,
        heldPollsPerSendPost: heldPerSend,
        sendToAckMs: ack,
        sendToOperatorMs: toOperator,
        cpuPercent,
        acked,
        storedVisitorMessages: stored,
        errorFrames: errors.length,
      },
      notes,
      profileWindows: { poll: meter.span() },
    }
  },
}
