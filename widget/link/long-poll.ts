/**
 * @module widget/link/long-poll — the visitor protocol over plain HTTP, for links where a
 * WebSocket cannot get through. One request is always held open for news; frames to send go
 * out at once in their own request. Every request carries a full hello (the relay keeps no
 * session). A failed request drops its frames: the owner re-sends its outbox when the link is
 * up again, and the relay stores each client id once however often it arrives.
 */
import { POLL_MAX_FRAMES, POLL_MAX_WAIT_MS } from '../../protocol/limits.js'
import { POLL_PATH, type PollRequest, type PollResponse, type ToVisitor, type VisitorFrame, type VisitorHello } from '../../protocol/frames.js'
import { backoffDelay } from './socket.js'

export interface LongPollOptions {
  relay: string
  hello(): VisitorHello
  onFrame(frame: ToVisitor): void
  /** The relay answered after silence: `ready` is called once per time the link comes up. */
  onUp(): void
  /** A request failed: `final` when the relay refused this page for good (unknown site, origin). */
  onDown(final: boolean): void
}

/** A request that hears nothing this long after its wait is over is given up. */
const SLACK_MS = 10_000

/** A random id for this page's requests (PollRequest.page): 32 hex digits. */
function newPageId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export function createLongPoll(options: LongPollOptions) {
  const url = options.relay + POLL_PATH
  // The page's own messages come back as acks to the request that sent them; with its id on every
  // request, the relay does not also wake the page's held poll for them.
  const page = newPageId()
  let running = true
  let up = false
  let attempt = 0
  let queue: VisitorFrame[] = []
  let flushing = false
  let held: AbortController | undefined
  let wakeEarly: (() => void) | undefined

  async function post(frames: VisitorFrame[], wait: number): Promise<ToVisitor[]> {
    const abort = new AbortController()
    if (wait > 0) held = abort
    const timer = setTimeout(() => abort.abort(), wait + SLACK_MS)
    try {
      // text/plain keeps this a CORS "simple request": no preflight round trip per poll.
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ hello: options.hello(), frames, wait, page } satisfies PollRequest),
        credentials: 'omit',
        cache: 'no-store',
        signal: abort.signal,
      })
      if (res.status === 403 || res.status === 404) throw Object.assign(new Error('refused'), { final: true })
      if (!res.ok) throw new Error(`poll answered ${res.status}`)
      return ((await res.json()) as PollResponse).frames
    } finally {
      clearTimeout(timer)
      if (held === abort) held = undefined
    }
  }

  function deliver(frames: ToVisitor[]): void {
    attempt = 0
    for (const frame of frames) options.onFrame(frame)
    if (!up) {
      up = true
      options.onUp()
    }
  }

  function down(err: unknown): boolean {
    const final = (err as { final?: boolean }).final === true
    if (up || final) options.onDown(final)
    up = false
    if (final) running = false
    return final
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        // The first request after silence asks without waiting, so the link comes up at once.
        deliver(await post([], up ? POLL_MAX_WAIT_MS : 0))
      } catch (err) {
        if (!running || down(err)) return
        await new Promise<void>((resolve) => {
          wakeEarly = resolve
          setTimeout(resolve, backoffDelay(attempt++))
        })
      }
    }
  }

  async function flush(): Promise<void> {
    if (flushing || !up) return
    flushing = true
    while (running && up && queue.length > 0) {
      const frames = queue.splice(0, POLL_MAX_FRAMES)
      try {
        deliver(await post(frames, 0))
      } catch (err) {
        queue = []
        down(err)
      }
    }
    flushing = false
  }

  void loop()
  return {
    /** Queues a frame; it goes out now if the link is up, else once it is. */
    send(frame: VisitorFrame): boolean {
      if (!up) return false
      queue.push(frame)
      void flush()
      return true
    },
    /** Retries at once instead of waiting out the backoff (the browser is back online, say). */
    nudge(): void {
      wakeEarly?.()
    },
    close(): void {
      running = false
      held?.abort()
    },
  }
}

export type LongPoll = ReturnType<typeof createLongPoll>
