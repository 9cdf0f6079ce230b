/**
 * @module widget/ui/typing-signal — tells the other side someone is typing (the visitor in the
 * widget, the operator on the agent page): `on` when they start (again every few seconds while
 * they keep typing), `off` when they pause or send.
 */

/** Repeats `on` this often while typing, so the visitor's indicator does not time out. */
export const TYPING_REPEAT_MS = 3_000
/** Idle this long and the writer counts as no longer typing. */
export const TYPING_IDLE_MS = 4_000

export interface TypingClock {
  now(): number
  after(ms: number, run: () => void): () => void
}

const realClock: TypingClock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms)
    return () => clearTimeout(timer)
  },
}

export function createTypingSignal(emit: (on: boolean) => void, clock: TypingClock = realClock) {
  let on = false
  let lastOn = 0
  let cancelIdle = () => {}

  function stop(): void {
    cancelIdle()
    if (!on) return
    on = false
    emit(false)
  }

  return {
    /** A keystroke that changed the text. */
    input(): void {
      const now = clock.now()
      if (!on || now - lastOn >= TYPING_REPEAT_MS) {
        on = true
        lastOn = now
        emit(true)
      }
      cancelIdle()
      cancelIdle = clock.after(TYPING_IDLE_MS, stop)
    },
    stop,
  }
}

export type TypingSignal = ReturnType<typeof createTypingSignal>
