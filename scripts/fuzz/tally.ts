/** @module scripts/fuzz/tally — the run's counts, the markers of refused and accepted frames, and its failures. */
import type { ErrorCode } from '../../protocol/index.js'

export type Lane = 'visitor' | 'agent' | 'poll'

/** Enough failures to read a pattern; the rest are only counted. */
const KEEP_FAILURES = 40

export function createTally() {
  const failures: string[] = []
  let failureCount = 0
  const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by)

  return {
    sent: { visitor: 0, agent: 0, poll: 0 } as Record<Lane, number>,
    /** Long-poll requests, and how many were refused whole (bad body, hello, size). */
    requests: 0,
    refusedRequests: 0,
    errors: new Map<ErrorCode, number>(),
    /** Close codes of sockets the relay closed, with why. */
    closes: new Map<string, number>(),
    /** Markers of frames the relay refused (an error, a close, or a refused request), with what each frame was. */
    refused: new Map<number, string>(),
    /** Cids of fuzz messages the relay acked: they must be stored. */
    acked: new Set<string>(),
    /** Clean frames the validator refused, and broken frames it let through: generator or validator bugs. */
    disagreements: 0,
    failures,
    get failureCount() {
      return failureCount
    },
    fail(line: string): void {
      failureCount++
      if (failures.length < KEEP_FAILURES) failures.push(line)
    },
    error(code: ErrorCode): void {
      bump(this.errors, code)
    },
    close(code: number, why: string): void {
      bump(this.closes, `${code}/${why}`)
    },
    total(): number {
      return this.sent.visitor + this.sent.agent + this.sent.poll
    },
  }
}

export type Tally = ReturnType<typeof createTally>
