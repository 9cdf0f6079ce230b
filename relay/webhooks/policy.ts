/**
 * @module relay/webhooks/policy — when a failed delivery is tried again: exponential backoff
 * with jitter, capped, and given up after a day or too many tries. Pure functions.
 */
export interface WebhookPolicy {
  /** Delay before the first retry; it doubles with each failed try. */
  retryBaseMs: number
  /** The longest wait between two tries. */
  retryMaxMs: number
  /** A delivery still failing this long after its event is given up (marked failed). */
  giveUpAfterMs: number
  /** ... and so is one that failed this many times. */
  maxAttempts: number
  /** A receiver that has not answered by then has failed this try. */
  timeoutMs: number
  /** Requests in flight at once, over all endpoints... */
  concurrency: number
  /** ... and to one endpoint, so one slow receiver cannot hold up the others. */
  perEndpoint: number
  /** How often the outbox is checked for retries that have fallen due (new events go at once). */
  pollMs: number
}

const HOUR_MS = 60 * 60_000

export const WEBHOOK_POLICY: WebhookPolicy = {
  retryBaseMs: 10_000,
  retryMaxMs: HOUR_MS,
  giveUpAfterMs: 24 * HOUR_MS,
  maxAttempts: 30,
  timeoutMs: 10_000,
  concurrency: 8,
  perEndpoint: 2,
  pollMs: 1000,
}

/**
 * After the `attempts`-th failed try: when to try again, or null to give up. The wait is
 * base·2^(attempts−1), capped, then jittered down by up to half, so receivers coming back
 * from an outage are not hit by every sender's retries in the same second.
 */
export function nextAttemptAt(attempts: number, createdAt: number, now: number, policy: WebhookPolicy, random: () => number = Math.random): number | null {
  if (attempts >= policy.maxAttempts) return null
  const ceiling = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.min(attempts - 1, 52))
  const at = now + Math.round(ceiling * (0.5 + random() / 2))
  return at > createdAt + policy.giveUpAfterMs ? null : at
}
