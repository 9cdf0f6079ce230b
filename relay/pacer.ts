/**
 * @module relay/pacer — runs the work for keys that changed at most once per key per `everyMs`.
 * The first change after a quiet spell runs on the next turn of the event loop (no added delay);
 * changes that follow within `everyMs` are gathered into one run when the spell has passed.
 */
export function createPacer(everyMs: number, run: (key: string) => void, now = Date.now) {
  const soon = new Set<string>()
  const later = new Set<string>()
  const lastRun = new Map<string, number>()
  let immediate: ReturnType<typeof setImmediate> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  function runAll(keys: Set<string>): void {
    const at = now()
    for (const key of keys) {
      lastRun.set(key, at)
      run(key)
    }
    keys.clear()
  }

  /** Forgets runs long enough ago, so the map holds only what changed lately. */
  function forgetQuiet(): void {
    const quiet = now() - everyMs
    for (const [key, at] of lastRun) if (at <= quiet) lastRun.delete(key)
  }

  return {
    changed(key: string): void {
      if (closed) return
      const last = lastRun.get(key)
      if (last === undefined || now() - last >= everyMs) {
        soon.add(key)
        immediate ??= setImmediate(() => {
          immediate = undefined
          runAll(soon)
          if (lastRun.size > 10_000) forgetQuiet()
        })
      } else {
        later.add(key)
        timer ??= setTimeout(() => {
          timer = undefined
          forgetQuiet()
          runAll(later)
        }, everyMs)
      }
    },
    close(): void {
      closed = true
      if (immediate) clearImmediate(immediate)
      clearTimeout(timer)
      soon.clear()
      later.clear()
    },
  }
}
