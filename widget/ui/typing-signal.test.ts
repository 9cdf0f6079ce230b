/** @module widget/ui/typing-signal.test — when someone's typing reaches the other side: on, repeated while typing, off after a pause or on send. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TYPING_IDLE_MS, TYPING_REPEAT_MS, createTypingSignal } from './typing-signal.js'

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0
  let timers: { at: number; run: () => void }[] = []
  return {
    now: () => now,
    after(ms: number, run: () => void) {
      const timer = { at: now + ms, run }
      timers.push(timer)
      return () => {
        timers = timers.filter((t) => t !== timer)
      }
    },
    advance(ms: number) {
      now += ms
      const due = timers.filter((t) => t.at <= now)
      timers = timers.filter((t) => t.at > now)
      for (const t of due) t.run()
    },
  }
}

describe('typing-signal', () => {
  it('says `on` once per few seconds while typing and `off` after a pause', () => {
    const clock = manualClock()
    const sent: boolean[] = []
    const signal = createTypingSignal((on) => sent.push(on), clock)
    signal.input()
    clock.advance(1_000)
    signal.input()
    assert.deepEqual(sent, [true])
    clock.advance(TYPING_REPEAT_MS)
    signal.input()
    assert.deepEqual(sent, [true, true])
    clock.advance(TYPING_IDLE_MS)
    assert.deepEqual(sent, [true, true, false])
  })

  it('says `off` on send, and nothing when it was not on', () => {
    const clock = manualClock()
    const sent: boolean[] = []
    const signal = createTypingSignal((on) => sent.push(on), clock)
    signal.stop()
    signal.input()
    signal.stop()
    clock.advance(TYPING_IDLE_MS)
    assert.deepEqual(sent, [true, false])
  })
})
