/**
 * @module widget/link — one link to the relay, whatever it takes: WebSocket first; long-polling
 * when the socket cannot open, no welcome comes within WELCOME_TIMEOUT_MS, or it keeps dying
 * without carrying a frame. While on long-polling it probes WebSocket again on a growing
 * backoff and moves back as soon as a probe is welcomed. Only a page where WebSocket never
 * worked remembers to start on long-polling next time, so a relay restart demotes nobody.
 */
import { VISITOR_WS_PATH, type ToVisitor, type VisitorFrame, type VisitorHello } from '../../protocol/frames.js'
import type { LongPoll } from './long-poll.js'
import { backoffDelay, createSocket, type LinkState, type Socket } from './socket.js'

export type Via = 'ws' | 'lp'

export interface Memory {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

export interface LinkOptions {
  relay: string
  /** Names the site; remembered long-poll preference is kept per site. */
  site: string
  hello(): VisitorHello
  onFrame(frame: ToVisitor): void
  /** The relay has welcomed this link: send what waits (outbox, identity, context). */
  onReady(): void
  onState(state: LinkState, via: Via): void
  memory?: Memory
}

export const WELCOME_TIMEOUT_MS = 3_000
/** Sockets in a row that die without a frame before a page where WebSocket once worked gives up on it. */
const FAILURES_BEFORE_FALLBACK = 5
const PROBE_MIN_MS = 10_000
const PROBE_MAX_MS = 5 * 60_000
/** How long "WebSocket never worked here" is remembered. */
const REMEMBER_MS = 60 * 60_000

export function createLink(options: LinkOptions) {
  const memoryKey = `parley:${options.site}:lp`
  const memory = options.memory
  let via: Via = 'ws'
  let socket: Socket<VisitorFrame> | undefined
  let poll: LongPoll | undefined
  let wsWorked = false
  let failures = 0
  let probes = 0
  let probeTimer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  // Until the relay has welcomed the link, only the hello goes out: anything sent earlier
  // would overtake the outbox, which is flushed (in order) on the welcome.
  let ready = false

  const remembered = Number(memory?.get(memoryKey) ?? 0)
  const startOnPoll = Date.now() - remembered < REMEMBER_MS

  function report(state: LinkState, from: Via): void {
    if (from !== via) return
    ready = state === 'online'
    options.onState(state, via)
  }

  /** Opens a socket; a `probe` runs beside long-polling and becomes the link once welcomed. */
  function openSocket(probe: boolean): void {
    let probing = probe
    let welcomed = false
    let counted = false // one failure per attempt, however it shows (timeout, then close)
    let timer: ReturnType<typeof setTimeout> | undefined
    const failed = () => {
      clearTimeout(timer)
      if (counted) return
      counted = true
      if (probing) {
        current.close()
        return scheduleProbe()
      }
      failures++
      if (!wsWorked || failures >= FAILURES_BEFORE_FALLBACK) fallBack()
    }
    const current: Socket<VisitorFrame> = createSocket<ToVisitor, VisitorFrame>({
      url: options.relay.replace(/^http/, 'ws') + VISITOR_WS_PATH,
      onOpen(send) {
        send(options.hello())
      },
      onFrame(frame) {
        if (frame.type === 'welcome' && !welcomed) {
          welcomed = true
          clearTimeout(timer)
          failures = 0
          wsWorked = true
          memory?.remove(memoryKey)
          if (probing) {
            probing = false
            upgrade(current)
          }
          options.onFrame(frame)
          report('online', 'ws')
          options.onReady()
          return
        }
        options.onFrame(frame)
      },
      onState(state, _code, carried) {
        if (state === 'stopped') return report('stopped', 'ws')
        if (state === 'connecting') {
          // Each attempt must be welcomed in time, counted from its start: a handshake that
          // hangs (a blackholed link, a proxy holding the upgrade) counts as a failure too.
          welcomed = false
          counted = false
          clearTimeout(timer)
          timer = setTimeout(() => {
            if (!welcomed) failed()
          }, WELCOME_TIMEOUT_MS)
          return probing ? undefined : report('connecting', 'ws')
        }
        report('offline', 'ws')
        if (!carried || !welcomed) failed()
      },
    })
    if (!probe) socket = current
  }

  function fallBack(): void {
    if (via === 'lp' || closed) return
    socket?.close()
    socket = undefined
    via = 'lp'
    ready = false
    startPolling()
    scheduleProbe()
  }

  function startPolling(): void {
    options.onState('connecting', 'lp')
    // Only pages on poor links long-poll, so its code is fetched when first needed. By the time
    // it arrives a probe may have brought WebSocket back, or the link may be closed.
    import('./long-poll.js').then(({ createLongPoll }) => {
      if (closed || via !== 'lp' || poll) return
      poll = createLongPoll({
        relay: options.relay,
        hello: options.hello,
        onFrame: options.onFrame,
        onUp() {
          // Remembered only once long-polling got through where WebSocket never did: a relay
          // that is simply down must not send the next page load to long-polling.
          if (!wsWorked) memory?.set(memoryKey, String(Date.now()))
          report('online', 'lp')
          options.onReady()
        },
        onDown(final) {
          report(final ? 'stopped' : 'offline', 'lp')
        },
      })
    }, () => {
      // The relay is unreachable for now: say so, and try again (the WebSocket probes go on too).
      report('offline', 'lp')
      setTimeout(() => {
        if (!closed && via === 'lp' && !poll) startPolling()
      }, backoffDelay(probes, Math.random, 1_000, PROBE_MIN_MS))
    })
  }

  function scheduleProbe(): void {
    clearTimeout(probeTimer)
    if (closed || via !== 'lp') return
    probeTimer = setTimeout(() => openSocket(true), backoffDelay(probes++, Math.random, PROBE_MIN_MS, PROBE_MAX_MS))
  }

  /** A probe socket was welcomed: it becomes the link and long-polling stops. */
  function upgrade(probe: Socket<VisitorFrame>): void {
    poll?.close()
    poll = undefined
    via = 'ws'
    probes = 0
    socket = probe
    ready = false // the welcome that follows reports online
  }

  if (startOnPoll) {
    via = 'lp'
    startPolling()
    scheduleProbe()
  } else openSocket(false)

  return {
    send(frame: VisitorFrame): boolean {
      if (!ready) return false
      return via === 'ws' ? (socket?.send(frame) ?? false) : (poll?.send(frame) ?? false)
    },
    nudge(): void {
      socket?.nudge()
      poll?.nudge()
    },
    close(): void {
      closed = true
      clearTimeout(probeTimer)
      socket?.close()
      poll?.close()
    },
  }
}

export type Link = ReturnType<typeof createLink>
