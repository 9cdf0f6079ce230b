/**
 * @module scripts/bench/operator — an operator over the real agent socket: hello, then opens every
 * conversation routed to them (as the agent page does when a chat is theirs) and times each
 * visitor message from its send (stamped in the text) to its arrival here. Every operator is
 * told about every message (`conv` summaries); those frames are skipped unparsed once the
 * conversations are open, so the load generator does not become the bottleneck.
 */
import { performance } from 'node:perf_hooks'
import type { WebSocket } from 'ws'
import { WS_PATH, type AgentFrame, type ConversationSummary, type MessageFrame, type ToAgent } from '../../protocol/index.js'
import { isFrameOfType, sentAtOf } from './load.js'
import type { BenchOperator } from './seed.js'
import { openWebSocket } from './socket.js'

export interface OperatorClient {
  ws: WebSocket
  /** Conversations opened (their history arrived): live messages of these reach this socket. */
  opened(): number
  /** Stop reading `conv` summaries for new assignments: the conversations of the run are all open. */
  settle(): void
  /** Time from `hello` to `welcome`. */
  welcomeMs: number
}

export interface OperatorOptions {
  wsUrl: string
  operator: BenchOperator
  onVisitorMessage?(latencyMs: number): void
}

const WELCOME_TIMEOUT_MS = 60_000

export async function openOperator({ wsUrl, operator, onVisitorMessage }: OperatorOptions): Promise<OperatorClient> {
  const ws = await openWebSocket(wsUrl + WS_PATH.agent, { Cookie: operator.cookie })
  const requested = new Set<string>()
  let opened = 0
  let watching = true
  const send = (frame: AgentFrame) => ws.send(JSON.stringify(frame))
  const consider = (conversation: ConversationSummary) => {
    if (conversation.agent?.id !== operator.id || conversation.status !== 'open' || requested.has(conversation.id)) return
    requested.add(conversation.id)
    send({ type: 'open', conv: conversation.id })
  }

  const started = performance.now()
  let welcomed: () => void = () => {}
  ws.on('message', (data: Buffer) => {
    if (isFrameOfType(data, 'msg')) {
      const { message } = JSON.parse(data.toString()) as MessageFrame
      const sentAt = message.from === 'visitor' ? sentAtOf(message.text) : undefined
      if (sentAt !== undefined) onVisitorMessage?.(performance.now() - sentAt)
    } else if (isFrameOfType(data, 'history')) {
      opened++
    } else if (watching && isFrameOfType(data, 'conv')) {
      consider((JSON.parse(data.toString()) as Extract<ToAgent, { type: 'conv' }>).conversation)
    } else if (isFrameOfType(data, 'welcome')) {
      const welcome = JSON.parse(data.toString()) as Extract<ToAgent, { type: 'welcome' }>
      welcomed()
      for (const conversation of welcome.conversations) consider(conversation)
    }
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`operator ${operator.id}: no welcome within ${WELCOME_TIMEOUT_MS} ms`)), WELCOME_TIMEOUT_MS)
    welcomed = () => {
      clearTimeout(timer)
      resolve()
    }
    send({ type: 'hello' })
  })
  return {
    ws,
    opened: () => opened,
    settle: () => void (watching = false),
    welcomeMs: performance.now() - started,
  }
}
