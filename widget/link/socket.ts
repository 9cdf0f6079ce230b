/**
 * @module widget/link/socket — a WebSocket that keeps itself alive: app-level pings find a dead
 * link in seconds (a half-open socket drops frames without closing), and reconnects use capped,
 * jittered exponential backoff that keeps trying across a relay restart (close 1012/1001). Only
 * the close codes in FINAL_CLOSE_CODES stop it. Shared by the widget and the agent page; a
 * closure, not a class, so it minifies small.
 */
import { CLOSE_DEAD_LINK, FINAL_CLOSE_CODES } from '../../protocol/codes.js'

/**
 * The socket itself reports connecting, offline and stopped; 'online' is for its owner to
 * set once the relay has answered its hello, since an open socket alone proves little.
 */
export type LinkState = 'connecting' | 'online' | 'offline' | 'stopped'

export interface SocketOptions<In, Out> {
  url: string
  /** Called on every open; send `hello` here. */
  onOpen(send: (frame: Out) => void): void
  onFrame(frame: In): void
  /** `carried`: whether the socket that just closed delivered any frame at all. */
  onState(state: LinkState, closeCode?: number, carried?: boolean): void
  /** Decodes a text frame; return undefined to ignore one that is not ours. */
  decode?(text: string): In | undefined
}

export const PING_EVERY_MS = 5_000
/** No frame at all (not even a pong) for this long means the link is dead. */
export const DEAD_AFTER_MS = 15_000
/** After a nudge (tab visible again, browser online), a pong must come back this fast. */
export const NUDGE_DEADLINE_MS = 4_000
/** A handshake that has not finished by now never will (a blackholed link leaves it pending). */
export const CONNECT_TIMEOUT_MS = 8_000
export const BACKOFF_MIN_MS = 500
export const BACKOFF_MAX_MS = 15_000

export function backoffDelay(attempt: number, random = Math.random, min = BACKOFF_MIN_MS, max = BACKOFF_MAX_MS): number {
  const ceiling = Math.min(max, min * 2 ** attempt)
  return ceiling / 2 + random() * (ceiling / 2)
}

const safeDecode = (text: string) => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function createSocket<In, Out>(options: SocketOptions<In, Out>) {
  const decode = options.decode ?? safeDecode
  let ws: WebSocket | undefined
  let attempt = 0
  let stopped = false
  let carried = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let pingTimer: ReturnType<typeof setInterval> | undefined
  let lastHeard = 0

  const send = (frame: Out): boolean => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    ws.send(JSON.stringify(frame))
    return true
  }

  function clearTimers(): void {
    clearTimeout(retryTimer)
    clearInterval(pingTimer)
  }

  /** Gives up on the current socket now (it may be half-open and never fire close) and reconnects. */
  function drop(socket: WebSocket): void {
    socket.close()
    closed(socket, CLOSE_DEAD_LINK)
  }

  function closed(socket: WebSocket, code: number): void {
    if (ws !== socket) return
    ws = undefined
    clearTimers()
    if (stopped) return
    if (FINAL_CLOSE_CODES.includes(code)) {
      stopped = true
      options.onState('stopped', code, carried)
      return
    }
    options.onState('offline', code, carried)
    retryTimer = setTimeout(connect, backoffDelay(attempt++))
  }

  function connect(): void {
    clearTimers()
    if (stopped) return
    options.onState('connecting')
    carried = false
    const socket = new WebSocket(options.url)
    ws = socket
    retryTimer = setTimeout(() => {
      if (socket.readyState !== WebSocket.OPEN) drop(socket)
    }, CONNECT_TIMEOUT_MS)
    socket.onopen = () => {
      clearTimeout(retryTimer)
      lastHeard = Date.now()
      options.onOpen(send)
      pingTimer = setInterval(() => {
        if (Date.now() - lastHeard > DEAD_AFTER_MS) return drop(socket)
        send({ type: 'ping' } as Out)
      }, PING_EVERY_MS)
    }
    socket.onmessage = (event) => {
      lastHeard = Date.now()
      carried = true
      attempt = 0 // a frame came through: the link works again
      if (typeof event.data !== 'string') return
      const frame = decode(event.data)
      if (frame !== undefined) options.onFrame(frame)
    }
    socket.onclose = (event) => closed(socket, event.code)
  }

  /** Skip the wait, or check the link now: the browser is back online or the tab visible again. */
  function nudge(): void {
    if (stopped) return
    if (!ws) return connect()
    const socket = ws
    if (socket.readyState !== WebSocket.OPEN) return
    const asked = Date.now()
    send({ type: 'ping' } as Out)
    setTimeout(() => {
      if (ws === socket && lastHeard < asked) drop(socket)
    }, NUDGE_DEADLINE_MS)
  }

  connect()
  return {
    send,
    nudge,
    close(): void {
      stopped = true
      clearTimers()
      const socket = ws
      ws = undefined
      socket?.close(1000)
    },
  }
}

export type Socket<Out> = { send(frame: Out): boolean; nudge(): void; close(): void }
