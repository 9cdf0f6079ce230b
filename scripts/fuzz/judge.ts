/**
 * @module scripts/fuzz/judge — holds what the relay answered to one frame against what the oracle
 * expects, and books the frame as refused (its marker must not be stored) or acked (its message
 * must be).
 */
import { CLOSE, isErrorCode } from '../../protocol/index.js'
import { CLOSE_INVALID_UTF8, type Expected } from './oracle.js'
import type { Lane, Tally } from './tally.js'
import type { FuzzFrame } from './wire.js'

/** Everything the relay sent between one frame and the next (the sentinel's answer excluded). */
export interface Window {
  errors: { code?: unknown; cid?: unknown }[]
  /** The other frames, replies and broadcasts alike. */
  frames: Record<string, unknown>[]
  /** Set when the relay closed the socket instead of answering. */
  closed?: number
}

export const emptyWindow = (): Window => ({ errors: [], frames: [] })

const CLOSE_WHY: Record<number, string> = {
  [CLOSE.TOO_BIG]: 'too-big',
  [CLOSE_INVALID_UTF8]: 'not-utf8',
  [CLOSE.REFUSED]: 'hello-refused',
  [CLOSE.TRY_LATER]: 'try-later',
}

function describe(window: Window): string {
  const parts = [...window.errors.map((e) => `error ${String(e.code)}`), ...window.frames.map((f) => String(f.type))]
  if (window.closed !== undefined) parts.push(`close ${window.closed}`)
  return parts.length > 0 ? parts.join(', ') : 'nothing'
}

export function judge(tally: Tally, lane: Lane, frame: FuzzFrame, oracle: { expected: Expected; validatorAccepts: boolean }, window: Window): void {
  const where = `${lane} #${frame.marker} (${frame.label})`
  const { expected, validatorAccepts } = oracle
  // Both are bugs of the generator or of the validator, not of the relay: still worth stopping for.
  if (frame.claim === 'valid' && !validatorAccepts) {
    tally.disagreements++
    tally.fail(`${where}: the validator refuses a clean frame`)
  }
  if (frame.claim === 'reject' && validatorAccepts) {
    tally.disagreements++
    tally.fail(`${where}: the validator accepts a frame the generator broke`)
  }

  for (const error of window.errors) {
    if (!isErrorCode(error.code)) {
      tally.fail(`${where}: error frame without a known code: ${JSON.stringify(error.code)}`)
      continue
    }
    tally.error(error.code)
    if (error.code === 'internal') tally.fail(`${where}: the relay failed inside (internal)`)
  }
  if (window.closed !== undefined) tally.close(window.closed, CLOSE_WHY[window.closed] ?? 'unexpected')

  const first = window.errors[0]?.code
  // Past a rate limit the relay handles nothing of a frame and says so: a refusal like any other.
  const limitExpected = expected.kind === 'error' && expected.code === 'rate_limited'
  if (first === 'rate_limited' && expected.kind !== 'close' && !limitExpected) {
    tally.refused.set(frame.marker, where)
    return
  }
  switch (expected.kind) {
    case 'close':
      if (window.closed !== expected.code) tally.fail(`${where}: expected close ${expected.code}; got ${describe(window)}`)
      break
    case 'error':
      if (first === undefined) tally.fail(`${where}: refused without an error frame; got ${describe(window)}`)
      else if (expected.code !== undefined && first !== expected.code) tally.fail(`${where}: expected ${expected.code}; got ${describe(window)}`)
      if (window.closed !== expected.close) tally.fail(`${where}: expected ${expected.close ? `close ${expected.close}` : 'the socket to stay open'}; got ${describe(window)}`)
      break
    case 'answer':
      if (window.closed !== undefined) tally.fail(`${where}: socket closed; got ${describe(window)}`)
      else if (expected.reply && first === undefined && !window.frames.some((f) => f.type === expected.reply)) {
        tally.fail(`${where}: neither ${expected.reply} nor an error; got ${describe(window)}`)
      }
      break
  }

  if (window.errors.length > 0 || window.closed !== undefined) tally.refused.set(frame.marker, where)
  if (frame.cid !== undefined && window.frames.some((f) => f.type === 'ack' && f.cid === frame.cid)) tally.acked.add(frame.cid)
}
