/**
 * @module scripts/bench/scale-latency — send→operator latency with many conversations live: N
 * visitors connected, each in an open conversation an operator has open, while a steady trickle
 * of messages (MESSAGES_PER_SECOND in all, from random visitors) crosses the relay. A fresh
 * relay and database per size, so each size pays only for its own conversations.
 */
import { performance } from 'node:perf_hooks'
import { createRandom } from '../chaos/prng.js'
import { createMeter, type Meter, type ProfileWindow } from './load.js'
import { waitUntil, type SectionContext } from './section.js'
import { BENCH_SITE, seedVisitors } from './seed.js'
import { closeWebSocket, inBatches } from './socket.js'
import { stageRelay } from './stage.js'
import { summarize, type Summary } from './stats.js'
import { openVisitorSocket } from './visitor-socket.js'

/** The steady trickle: most conversations are idle, as on a real site. */
export const MESSAGES_PER_SECOND = 100
const OPERATORS = 20
const TICK_MS = 10
/** Sockets opening at once while the crowd connects. */
const CONNECTING = 200

export interface ScaleLatency {
  conversations: number
  sendToOperatorMs: Summary
  sendToAckMs: Summary
  /** How long it took every visitor to connect and be welcomed. */
  connectMs: number
  /** Slowest operator welcome (it lists every active conversation). */
  operatorWelcomeMs: number
  errors: number
  window: ProfileWindow
}

export async function measureAtScale(context: SectionContext, conversations: number): Promise<ScaleLatency> {
  const { options, defer, progress } = context
  const stage = await stageRelay(context, {
    label: `scale-${conversations}`,
    operators: OPERATORS,
    capacity: Math.ceil(conversations / OPERATORS) + 1,
    seed: (db) => seedVisitors(db, { count: conversations, conversation: 'open', messages: 1 }),
  })
  progress(`${OPERATORS} operators welcomed; they open their conversations`)
  const opened = () => stage.operators.reduce((sum, operator) => sum + operator.opened(), 0)
  await waitUntil(() => opened() >= conversations, 60_000, () => `operators to open ${conversations} conversations (${opened()} open)`)
  for (const operator of stage.operators) operator.settle()

  progress(`${conversations} visitors connect and resume their conversation`)
  const started = performance.now()
  let meter: Meter | undefined // set once the crowd is in: connecting is not measured
  const visitors = await inBatches(stage.seeded, CONNECTING, (seeded, index) =>
    openVisitorSocket({
      wsUrl: stage.relay.wsUrl,
      index,
      hello: { type: 'hello', site: BENCH_SITE, token: seeded.token, conv: seeded.conv!, epoch: seeded.epoch!, lastSeq: seeded.lastSeq },
      onAck: (latencyMs) => meter?.record('ack', latencyMs, true),
    }),
  )
  const connectMs = performance.now() - started
  defer(() => inBatches(visitors, 1000, (visitor) => closeWebSocket(visitor.ws)))

  progress(`${MESSAGES_PER_SECOND} messages/s from random visitors for ${options.sizes.scaleMeasureMs / 1000} s`)
  const measured = (meter = stage.sink.meter = createMeter({ warmupMs: 1_000, measureMs: options.sizes.scaleMeasureMs }))
  const random = createRandom(conversations)
  const perTick = (MESSAGES_PER_SECOND * TICK_MS) / 1000
  const ticker = setInterval(() => {
    for (let i = 0; i < perTick; i++) random.pick(visitors).send()
  }, TICK_MS)
  await measured.finished
  clearInterval(ticker)
  await waitUntil(() => visitors.every((visitor) => visitor.inFlight() === 0), 5_000, () => 'the last acks').catch(() => {})
  return {
    conversations,
    sendToOperatorMs: summarize(measured.samples('operator')),
    sendToAckMs: summarize(measured.samples('ack')),
    connectMs,
    operatorWelcomeMs: Math.max(...stage.operators.map((operator) => operator.welcomeMs)),
    errors: visitors.reduce((sum, visitor) => sum + visitor.errors().length, 0),
    window: measured.span(),
  }
}
