/**
 * @module relay/sockets — the only file that touches `ws`. Our own WebSocketServer on the HTTP
 * server's `upgrade` event (noServer mode), so we control maxPayload, the upgrade checks and
 * the heartbeat. Each socket is wrapped into a Peer and handed to a protocol session.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import { CLOSE, CONNECTION_FRAME_RATE, MAX_FRAME_BYTES, WS_PATH, parseClientFrame, type ErrorCode, type Role } from '../protocol/index.js'
import type { AgentAuth } from './agent-auth.js'
import type { Core } from './core.js'
import { RelayError, toErrorFrame } from './errors.js'
import { isOriginOfHost } from './origins.js'
import type { Agent } from './store/index.js'
import { createTokenBuckets } from './token-buckets.js'

/** The relay pings every socket this often; one that has not answered by the next ping is dead. */
export const HEARTBEAT_MS = 15_000
/** A reader this far behind is cut off; it resumes from its last seq when it reconnects. */
export const MAX_BUFFERED_BYTES = 1024 * 1024

/** Errors of a hello after which retrying on the same socket cannot help. */
const CLOSING_ERRORS: Partial<Record<ErrorCode, number>> = { unknown_site: CLOSE.REFUSED, forbidden: CLOSE.REFUSED, rate_limited: CLOSE.TRY_LATER }

interface Session {
  receive(frame: never): void | Promise<void>
  close(): void
}

export interface SocketOptions {
  server: Server
  core: Core
  auth: AgentAuth
  log?: (...args: unknown[]) => void
  connectionFrameRate?: { perSecond: number; burst: number }
}

export function attachSockets({ server, core, auth, log = console.error, connectionFrameRate = CONNECTION_FRAME_RATE }: SocketOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const alive = new WeakSet<WebSocket>()
  // An operator's socket lives only as long as their session: logged out, removed or given a
  // new password (the CLI ends sessions), it is closed on its next frame or heartbeat.
  const sessionOf = new WeakMap<WebSocket, string | undefined>()
  const signedOut = (ws: WebSocket) => sessionOf.has(ws) && !auth.agentForCookieHeader(sessionOf.get(ws))
  const endSignedOut = (ws: WebSocket) => ws.close(CLOSE.UNAUTHORIZED, 'session ended; log in again')

  function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`)
  }

  // A fan-out hands the same frame object to each peer in turn: encode it once, not once per
  // socket. One remembered frame is enough for that; a WeakMap entry for every frame (most go to
  // one socket: an ack) was work for the garbage collector under load.
  let lastFrame: object | undefined
  let lastText = ''
  function encode(frame: object): string {
    if (frame !== lastFrame) {
      lastText = JSON.stringify(frame)
      lastFrame = frame
    }
    return lastText
  }

  // Frames for one socket in the same turn of the event loop leave in one write: one message
  // fans out into an ack, the message to watchers and summaries to operators, and a write per
  // frame (a syscall each) was the relay's biggest cost under load (see README, Performance).
  // What waits corked is not a slow reader's backlog, so the cut-off does not count it.
  const tcpOf = new WeakMap<WebSocket, Duplex>()
  const corked = new Map<Duplex, number>() // bytes written this turn
  const uncorkAll = () => {
    for (const tcp of corked.keys()) tcp.uncork()
    corked.clear()
  }

  function send(ws: WebSocket, frame: object): void {
    if (ws.readyState !== WebSocket.OPEN) return
    const tcp = tcpOf.get(ws)
    const thisTurn = (tcp && corked.get(tcp)) ?? 0
    if (ws.bufferedAmount - thisTurn > MAX_BUFFERED_BYTES) {
      ws.terminate()
      return
    }
    const text = encode(frame)
    if (tcp) {
      if (corked.size === 0) setImmediate(uncorkAll)
      if (!corked.has(tcp)) tcp.cork()
      corked.set(tcp, thisTurn + Buffer.byteLength(text))
    }
    ws.send(text)
  }

  function serve(ws: WebSocket, role: Role, session: Session): void {
    alive.add(ws)
    const frames = createTokenBuckets(connectionFrameRate)
    ws.on('pong', () => alive.add(ws))
    ws.on('message', (data: RawData, isBinary: boolean) => {
      alive.add(ws)
      if (signedOut(ws)) return endSignedOut(ws)
      const parsed = isBinary
        ? ({ ok: false, code: 'bad_frame', message: 'frames are JSON text, not binary' } as const)
        : parseClientFrame(role, data.toString())
      const wait = frames.take('')
      if (wait > 0) {
        const cid = parsed.ok && parsed.frame.type === 'msg' ? parsed.frame.cid : undefined
        return send(ws, toErrorFrame(new RelayError('rate_limited', `too many frames on this connection; try again in ${Math.ceil(wait / 1000)} s`, cid, wait)))
      }
      if (!parsed.ok) {
        const { ok: _ok, ...error } = parsed
        return send(ws, { type: 'error', ...error })
      }
      // A throwing handler costs this frame an error reply, never the socket or the process.
      const refuse = (err: unknown) => {
        const frame = toErrorFrame(err, log)
        send(ws, frame)
        // A refused hello (unknown site, origin not allowed) leaves nothing this socket can do.
        const closeCode = parsed.frame.type === 'hello' ? CLOSING_ERRORS[frame.code] : undefined
        if (closeCode) ws.close(closeCode, frame.code)
      }
      try {
        const pending = (session.receive as (frame: unknown) => void | Promise<void>)(parsed.frame)
        if (pending) pending.catch(refuse)
      } catch (err) {
        refuse(err)
      }
    })
    ws.on('close', () => session.close())
    ws.on('error', (err) => log('socket error:', err.message))
  }

  function onVisitor(ws: WebSocket, origin: string | undefined): void {
    const peer = { send: (frame: object) => send(ws, frame) }
    serve(ws, 'visitor', core.visitorSession(peer, origin))
  }

  function onAgent(ws: WebSocket, agent: Agent): void {
    const peer = { agentId: agent.id, sites: agent.sites, send: (frame: object) => send(ws, frame) }
    serve(ws, 'agent', core.agentSession(agent, peer))
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const path = new URL(req.url ?? '/', 'http://relay').pathname
    if (path === WS_PATH.visitor) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        tcpOf.set(ws, socket)
        onVisitor(ws, req.headers.origin)
      })
      return
    }
    if (path === WS_PATH.agent) {
      // Cross-site WebSocket hijacking: an operator socket must come from the relay's own page.
      const origin = req.headers.origin
      if (origin && !isOriginOfHost(origin, req.headers.host)) return refuseUpgrade(socket, 403, 'Forbidden')
      const agent = auth.agentForCookieHeader(req.headers.cookie)
      if (!agent) return refuseUpgrade(socket, 401, 'Unauthorized')
      wss.handleUpgrade(req, socket, head, (ws) => {
        tcpOf.set(ws, socket)
        sessionOf.set(ws, req.headers.cookie)
        onAgent(ws, agent)
      })
      return
    }
    refuseUpgrade(socket, 404, 'Not Found')
  })

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate()
        continue
      }
      if (signedOut(ws)) {
        endSignedOut(ws)
        continue
      }
      alive.delete(ws)
      ws.ping()
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()

  return {
    /** Closes every socket with a code that tells clients to come back, then stops the server. */
    close(code: number = CLOSE.RESTART, reason = 'relay restarting'): Promise<void> {
      clearInterval(heartbeat)
      for (const ws of wss.clients) ws.close(code, reason)
      return new Promise((resolve) => {
        // Give close frames a moment to flush; sockets that do not answer are cut.
        const deadline = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate()
        }, 1000)
        deadline.unref()
        wss.close(() => {
          clearTimeout(deadline)
          resolve()
        })
      })
    },
  }
}
