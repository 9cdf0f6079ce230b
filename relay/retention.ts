/**
 * @module relay/retention — `parley serve --retention-days N`: deletes conversations with no
 * activity for N days (and visitors left with none) when the relay starts, then every hour.
 */
import type { Removed, Store } from './store/index.js'
import type { WriteQueue } from './write-queue.js'

export const DAY_MS = 24 * 60 * 60 * 1000
export const RETENTION_SWEEP_MS = 60 * 60 * 1000
/** A bound for `--retention-days` and `--older-than`, so the cutoff stays a sane date. */
export const MAX_RETENTION_DAYS = 36_500

export interface RetentionOptions {
  store: Store
  writes: WriteQueue
  days: number
  everyMs?: number
  now?: () => number
  log?: (...args: unknown[]) => void
}

/** The epoch ms before which activity counts as expired. */
export const retentionCutoff = (days: number, now: number): number => now - days * DAY_MS

export function createRetention({ store, writes, days, everyMs = RETENTION_SWEEP_MS, now = Date.now, log = console.error }: RetentionOptions) {
  let timer: ReturnType<typeof setInterval> | undefined
  let closed = false

  /** One purge, committed through the write queue so it never interleaves with a group commit. */
  async function sweep(): Promise<Removed> {
    const removed = await writes.write(() => store.privacy.purge(retentionCutoff(days, now())))
    // No VACUUM here: it would hold the event loop for as long as it rewrites the file. Deleted
    // content is zeroed (secure_delete); emptying the WAL takes the old page images with it.
    if (!closed && removed.conversations + removed.visitors > 0) {
      store.privacy.scrub({ vacuum: false })
      log(`retention: deleted ${removed.conversations} conversations and ${removed.visitors} visitors idle for more than ${days} days`)
    }
    return removed
  }

  const sweepLogged = () => sweep().catch((err: unknown) => log('retention sweep failed:', err))

  return {
    sweep,
    /** Sweeps now (resolving when done), then every `everyMs` on a timer that keeps no process alive. */
    async start(): Promise<void> {
      if (timer || closed) return
      timer = setInterval(() => void sweepLogged(), everyMs)
      timer.unref()
      await sweepLogged()
    },
    /** Stops the timer; call before the store closes. */
    close(): void {
      closed = true
      clearInterval(timer)
    },
  }
}

export type Retention = ReturnType<typeof createRetention>
