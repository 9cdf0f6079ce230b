/**
 * @module scripts/bench/echo-child — the ceiling: a bare `ws` server in its own process that sends
 * every frame straight back. No parsing, no storage: what one socket server process can move on
 * this machine with the bench's load generator on the other side.
 */
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { MAX_FRAME_BYTES } from '../../protocol/index.js'

export type FromEchoChild = { type: 'ready'; port: number }

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_FRAME_BYTES }, () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port } satisfies FromEchoChild)
})
server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
})
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') process.exit(0)
})
process.on('disconnect', () => process.exit(0))
