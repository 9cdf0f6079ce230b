/**
 * @module scripts/bench/load — the shared load generator's parts: the message every client sends
 * (same size for the echo ceiling and the relay, with its send time inside), and a meter that
 * counts completions and latency samples only inside the measured span, after a warm-up.
 */
import { performance } from 'node:perf_hooks'
import { cidTime } from '../../protocol/cid.js'

/**
 * The steady load of the ceiling, WebSocket and long-poll sections: this many clients (visitors),
 * each keeping `window` messages in flight (sent, not yet acked), and the operators who answer.
 */
export const LOAD = { clients: 200, window: 4, operators: 20 } as const

/** Characters of message text: a typical chat line. The send time is written at its start. */
export const TEXT_LENGTH = 120
const FILLER = ' is my order on its way? it was due on Monday and the tracking page has not moved since then, thanks.'.repeat(2)

/** Message text that carries its send time (performance.now(), this process) for whoever receives it. */
export function stampedText(sentAt = performance.now()): string {
  const stamp = `t=${sentAt.toFixed(3)};`
  return stamp + FILLER.slice(0, TEXT_LENGTH - stamp.length)
}

const STAMP = /^t=(\d+\.\d+);/

/** The send time written by `stampedText`, or undefined for text that does not carry one. */
export function sentAtOf(text: string): number | undefined {
  const match = STAMP.exec(text)
  return match ? Number(match[1]) : undefined
}

/** The visitor's `msg` frame, byte for byte what the echo ceiling sends too. */
export function messageFrame(cid: string, sentAt = performance.now()): string {
  return JSON.stringify({ type: 'msg', cid, text: stampedText(sentAt) })
}

/**
 * A cid for client `client`'s `n`th message: unique in the run, valid per protocol/limits CID_PATTERN,
 * and starting with the time as the widget's do (protocol/cid), with the client and count where the
 * widget has random digits, which would cost the load generator a call into Web Crypto per message.
 */
export const benchCid = (client: number, n: number) => `${cidTime()}-${client}-${n}`

/** True when a raw frame starts with `{"type":"<type>"` — lets clients skip frames they do not need without parsing them. */
export function isFrameOfType(data: Buffer, type: string): boolean {
  const prefix = `{"type":"${type}"`
  if (data.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix.charCodeAt(i)) return false
  return true
}

export interface Meter {
  /** Counts a message completed inside the measured span, and records its latency under `series` if it was sent inside it too. */
  record(series: string, latencyMs: number, completes?: boolean): void
  /** True from the end of the measured span: clients stop sending new messages. */
  readonly over: boolean
  /** Resolves when the warm-up is over and the measured span begins. */
  measuring: Promise<void>
  /** Resolves when the measured span ends. */
  finished: Promise<void>
  /** Messages completed per second inside the measured span. */
  rate(): number
  samples(series: string): number[]
  /** The measured span on the monotonic clock in µs, the clock V8's CPU profiles use in every process. */
  span(): ProfileWindow
}

export interface ProfileWindow {
  fromUs: number
  toUs: number
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

export function createMeter({ warmupMs, measureMs }: { warmupMs: number; measureMs: number }): Meter {
  const start = performance.now()
  const from = start + warmupMs
  const until = from + measureMs
  const series = new Map<string, number[]>()
  let completed = 0
  let over = false
  const span = { fromUs: Number.NaN, toUs: Number.NaN }
  const measuring = new Promise<void>((resolve) =>
    setTimeout(() => {
      span.fromUs = monotonicUs()
      resolve()
    }, warmupMs),
  )
  const finished = new Promise<void>((resolve) =>
    setTimeout(() => {
      over = true
      span.toUs = monotonicUs()
      resolve()
    }, warmupMs + measureMs),
  )
  return {
    record(name, latencyMs, completes = false) {
      const now = performance.now()
      if (now < from || now > until) return
      if (completes) completed++
      // Latency only of what was also sent inside the span: a message sent in the warm-up's opening
      // burst (every client connecting at once) says nothing about the steady state it ends in.
      if (now - latencyMs < from) return
      let samples = series.get(name)
      if (!samples) series.set(name, (samples = []))
      samples.push(latencyMs)
    },
    get over() {
      return over
    },
    measuring,
    finished,
    rate: () => completed / (measureMs / 1000),
    samples: (name) => series.get(name) ?? [],
    span: () => ({ ...span }),
  }
}
