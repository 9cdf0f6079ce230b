/**
 * @module relay/attempts — counts failed attempts (logins) per key in a sliding window, so
 * guessing passwords gets slow: after `limit` failures a key is locked until its oldest
 * failure leaves the window. In memory: a restart forgets, which only costs an attacker time.
 */
export interface AttemptOptions {
  limit: number
  windowMs: number
  now?: () => number
}

export function createAttempts({ limit, windowMs, now = Date.now }: AttemptOptions) {
  const failures = new Map<string, number[]>()

  function recent(key: string): number[] {
    const since = now() - windowMs
    const kept = (failures.get(key) ?? []).filter((at) => at > since)
    if (kept.length) failures.set(key, kept)
    else failures.delete(key)
    return kept
  }

  return {
    /** Milliseconds until the key may try again; 0 when it may try now. */
    retryAfterMs(key: string): number {
      const kept = recent(key)
      return kept.length < limit ? 0 : kept[kept.length - limit]! + windowMs - now()
    },
    fail(key: string): void {
      failures.set(key, [...recent(key), now()])
    },
    succeed(key: string): void {
      failures.delete(key)
    },
  }
}
