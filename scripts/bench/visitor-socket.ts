/**
 * @module scripts/bench/visitor-socket — a visitor over the real visitor WebSocket, as lean as a
 * load generator must be: hello, then messages whose acks are timed. Frames other than acks and
 * errors are skipped without parsing.
 */
import { performance } from 'node:perf_hooks'
import type { WebSocket } from 'ws'
import { WS_PATH, type AckFrame, type ErrorFrame, type VisitorHello, type VisitorWelcome } from '../../protocol/index.js'
import { benchCid, isFrameOfType, messageFrame } from './load.js'
import { openWebSocket } from './socket.js'

export interface VisitorSocket {
  ws: WebSocket
  welcome: VisitorWelcome
  /** Sends one message now; `onAck` hears how long its ack took. */
  send(): void
  /** Sends one message and resolves with its ack (a visitor's first message starts the conversation). */
  sendAndWait(): Promise<AckFrame>
  inFlight(): number
  /** Error frames received (rate limits, refusals): each one is a message the bench did not get acked. */
  errors(): ErrorFrame[]
}

export interface VisitorSocketOptions {
  wsUrl: string
  index: number
  hello: VisitorHello
  onAck?(latencyMs: number, visitor: VisitorSocket): void
}

const WELCOME_TIMEOUT_MS = 15_000

export async function openVisitorSocket({ wsUrl, index, hello, onAck }: VisitorSocketOptions): Promise<VisitorSocket> {
  const ws = await openWebSocket(wsUrl + WS_PATH.visitor)
  const sentAt = new Map<string, number>()
  const waiting = new Map<string, (ack: AckFrame) => void>()
  const errors: ErrorFrame[] = []
  let written = 0
  let welcomed: (welcome: VisitorWelcome) => void = () => {}

  ws.on('message', (data: Buffer) => {
    if (isFrameOfType(data, 'ack')) {
      const ack = JSON.parse(data.toString()) as AckFrame
      const at = sentAt.get(ack.cid)
      if (at === undefined) return
      sentAt.delete(ack.cid)
      waiting.get(ack.cid)?.(ack)
      waiting.delete(ack.cid)
      onAck?.(performance.now() - at, visitor)
    } else if (isFrameOfType(data, 'error')) {
      const error = JSON.parse(data.toString()) as ErrorFrame
      errors.push(error)
      if (error.cid) sentAt.delete(error.cid)
    } else if (isFrameOfType(data, 'welcome')) {
      welcomed(JSON.parse(data.toString()) as VisitorWelcome)
    }
  })

  const welcome = await new Promise<VisitorWelcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`visitor ${index}: no welcome within ${WELCOME_TIMEOUT_MS} ms; errors: ${JSON.stringify(errors)}`)), WELCOME_TIMEOUT_MS)
    welcomed = (frame) => {
      clearTimeout(timer)
      resolve(frame)
    }
    ws.send(JSON.stringify(hello))
  })

  function send(): string {
    const cid = benchCid(index, ++written)
    const now = performance.now()
    sentAt.set(cid, now)
    ws.send(messageFrame(cid, now))
    return cid
  }

  const visitor: VisitorSocket = {
    ws,
    welcome,
    send: () => void send(),
    sendAndWait: () => new Promise((resolve) => waiting.set(send(), resolve)),
    inFlight: () => sentAt.size,
    errors: () => errors,
  }
  return visitor
}
