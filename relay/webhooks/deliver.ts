/**
 * @module relay/webhooks/deliver — the relay's webhook sender. It POSTs due outbox rows (new
 * events at once, retries when they fall due), marks them delivered on a 2xx and otherwise
 * schedules the next try (policy.ts). At least once: a delivery cut off by a crash or a stop is
 * sent again after the restart, under the same event id, and the receiver drops the repeat.
 */
import { WEBHOOK_HEADERS } from '../../protocol/index.js'
import type { DueDelivery, Outcome, Store } from '../store/index.js'
import type { WriteQueue } from '../write-queue.js'
import { WEBHOOK_POLICY, nextAttemptAt, type WebhookPolicy } from './policy.js'
import { signatureHeader } from './signature.js'

const DAY_MS = 24 * 60 * 60_000
/** Delivered rows are kept for the supervisor's counts, given-up ones for their failures list. */
const KEEP_DELIVERED_MS = DAY_MS
const KEEP_FAILED_MS = 30 * DAY_MS
const PRUNE_EVERY_MS = 60 * 60_000
/** Due rows looked at per pass: enough to find work for free slots past a backed-up endpoint. */
const DUE_BATCH = 200
/** How much of a failing receiver's answer is kept as the error. */
const ERROR_CHARS = 200

export interface DeliveryOptions {
  store: Store
  writes: WriteQueue
  policy?: Partial<WebhookPolicy>
  now?: () => number
  random?: () => number
  fetch?: typeof globalThis.fetch
  log?: (...args: unknown[]) => void
}

type Tried = Outcome & { ok: boolean }

/** Why a request got no response: the network error's code when there is one (ECONNREFUSED, …). */
function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ? `${cause.code}: ${cause.message ?? ''}`.trim() : err instanceof Error ? err.message : String(err)
}

/** The start of a failing receiver's answer, read no further than that. */
async function snippet(res: Response): Promise<string> {
  const reader = res.body?.getReader()
  if (!reader) return ''
  const { value } = await reader.read()
  await reader.cancel()
  const text = value ? new TextDecoder().decode(value.subarray(0, ERROR_CHARS * 4)).slice(0, ERROR_CHARS).trim() : ''
  return text ? `: ${text}` : ''
}

export function createWebhookDelivery({ store, writes, policy: overrides, now = Date.now, random = Math.random, fetch = globalThis.fetch, log = console.error }: DeliveryOptions) {
  const policy: WebhookPolicy = { ...WEBHOOK_POLICY, ...overrides }
  const inFlight = new Map<number, { endpointId: string; done: Promise<void> }>()
  const stopping = new AbortController()
  const timers: ReturnType<typeof setInterval>[] = []
  let unsubscribe: (() => void) | undefined
  let woken = false
  let closed = false

  /** One POST. 'stopped': the relay is closing, so this try does not count. */
  async function post(delivery: DueDelivery): Promise<Tried | 'stopped'> {
    const request = new AbortController()
    const timer = setTimeout(() => request.abort(), policy.timeoutMs)
    const stop = () => request.abort()
    stopping.signal.addEventListener('abort', stop)
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        // A redirect is not a delivery: the receiver's URL is configured, not discovered.
        redirect: 'manual',
        signal: request.signal,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Parley-Webhooks/1',
          [WEBHOOK_HEADERS.signature]: signatureHeader(delivery.secret, delivery.payload, Math.floor(now() / 1000)),
          [WEBHOOK_HEADERS.eventId]: delivery.eventId,
          [WEBHOOK_HEADERS.eventType]: delivery.type,
          [WEBHOOK_HEADERS.attempt]: String(delivery.attempts + 1),
        },
        body: delivery.payload,
      })
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel()
        return { ok: true, status: res.status, error: null }
      }
      return { ok: false, status: res.status, error: `HTTP ${res.status}${await snippet(res)}` }
    } catch (err) {
      if (stopping.signal.aborted) return 'stopped'
      if (request.signal.aborted) return { ok: false, status: null, error: `no answer within ${policy.timeoutMs} ms` }
      return { ok: false, status: null, error: describe(err) }
    } finally {
      clearTimeout(timer)
      stopping.signal.removeEventListener('abort', stop)
    }
  }

  async function attempt(delivery: DueDelivery): Promise<void> {
    const tried = await post(delivery)
    if (tried === 'stopped') return
    const at = now()
    const retryAt = tried.ok ? null : nextAttemptAt(delivery.attempts + 1, delivery.createdAt, at, policy, random)
    // Through the write queue: the mark shares a commit with whatever else is being written.
    await writes.write(() => {
      if (tried.ok) store.webhooks.delivered(delivery.id, tried.status!, at)
      else if (retryAt !== null) store.webhooks.retryAt(delivery.id, retryAt, tried)
      else store.webhooks.giveUp(delivery.id, tried, at)
    })
    if (!tried.ok && retryAt === null) log(`webhook: gave up on event ${delivery.eventId} to ${delivery.url} after ${delivery.attempts + 1} tries: ${tried.error}`)
  }

  /** Starts what is due, within the concurrency limits. */
  function tick(): void {
    if (closed) return
    let room = policy.concurrency - inFlight.size
    if (room <= 0) return
    const perEndpoint = new Map<string, number>()
    for (const { endpointId } of inFlight.values()) perEndpoint.set(endpointId, (perEndpoint.get(endpointId) ?? 0) + 1)
    for (const delivery of store.webhooks.due(now(), DUE_BATCH)) {
      if (room === 0) break
      const busy = perEndpoint.get(delivery.endpointId) ?? 0
      if (inFlight.has(delivery.id) || busy >= policy.perEndpoint) continue
      perEndpoint.set(delivery.endpointId, busy + 1)
      room--
      const done = attempt(delivery)
        .catch((err: unknown) => log('webhook delivery failed:', err))
        .finally(() => {
          inFlight.delete(delivery.id)
          wake()
        })
      inFlight.set(delivery.id, { endpointId: delivery.endpointId, done })
    }
  }

  /** Soon, but after the transaction that queued the event has committed. */
  function wake(): void {
    if (woken || closed) return
    woken = true
    setImmediate(() => {
      woken = false
      tick()
    })
  }

  function prune(): void {
    if (closed) return
    writes.write(() => store.webhooks.prune(now() - KEEP_DELIVERED_MS, now() - KEEP_FAILED_MS)).catch((err: unknown) => log('webhook outbox prune failed:', err))
  }

  return {
    /** Sends what is already due (left by a crash, say) and whatever is recorded from now on. */
    start(): void {
      if (closed || unsubscribe) return
      unsubscribe = store.webhooks.onRecord(wake)
      timers.push(setInterval(tick, policy.pollMs), setInterval(prune, PRUNE_EVERY_MS))
      for (const timer of timers) timer.unref()
      prune()
      wake()
    },
    /** Stops sending; requests in flight are cut off and stay due. Call before the write queue drains. */
    async close(): Promise<void> {
      closed = true
      unsubscribe?.()
      for (const timer of timers) clearInterval(timer)
      stopping.abort()
      await Promise.allSettled([...inFlight.values()].map((f) => f.done))
    },
  }
}

export type WebhookDelivery = ReturnType<typeof createWebhookDelivery>
