/**
 * @module relay/token-buckets — frame rate limits as token buckets, one per key (a connection,
 * a visitor): `burst` frames at once, refilled at `perSecond`. A burst covers a reconnecting
 * widget flushing its outbox; the rate covers any human. Once a key is refused it stays refused
 * until the wait it was told has passed: a token refilled mid-flood must not let a later
 * message through ahead of an earlier refused one. In memory: a restart refills them.
 */
export interface BucketOptions {
  perSecond: number
  burst: number
  now?: () => number
}

export function createTokenBuckets({ perSecond, burst, now = Date.now }: BucketOptions) {
  const buckets = new Map<string, { tokens: number; at: number; heldUntil: number }>()
  const msPerToken = 1000 / perSecond

  function level(key: string): { tokens: number; at: number; heldUntil: number } {
    const t = now()
    const bucket = buckets.get(key)
    if (!bucket) return { tokens: burst, at: t, heldUntil: 0 }
    return { tokens: Math.min(burst, bucket.tokens + (t - bucket.at) / msPerToken), at: t, heldUntil: bucket.heldUntil }
  }

  return {
    /** Takes one token: 0 when the frame may go, else the milliseconds until one is there. */
    take(key: string): number {
      const bucket = level(key)
      if (bucket.heldUntil > bucket.at) return bucket.heldUntil - bucket.at
      if (bucket.tokens < 1) {
        const wait = Math.ceil((1 - bucket.tokens) * msPerToken)
        buckets.set(key, { ...bucket, heldUntil: bucket.at + wait })
        return wait
      }
      bucket.tokens -= 1
      buckets.set(key, bucket)
      if (buckets.size > 10_000) this.sweep()
      return 0
    },
    /** Forgets buckets that have refilled: they behave exactly like new ones. */
    sweep(): void {
      for (const key of buckets.keys()) if (level(key).tokens >= burst) buckets.delete(key)
    },
    get size(): number {
      return buckets.size
    },
  }
}

export type TokenBuckets = ReturnType<typeof createTokenBuckets>
