/** @module scripts/fuzz/wire — what one fuzz frame is, and how values JSON cannot say (NaN, -0, deep nesting) get onto the wire. */

/**
 * What the generator knows about a frame it made: `valid` (a clean frame the protocol accepts),
 * `reject` (it broke the frame in a way the protocol must refuse) or `any` (the validator decides).
 */
export type Claim = 'valid' | 'reject' | 'any'

export interface FuzzFrame {
  /** JSON text, or bytes for binary frames and text frames that are not UTF-8. */
  data: string | Buffer
  /** Sent as a binary WebSocket frame. */
  binary: boolean
  claim: Claim
  /** The number in the `FZ<n>Q` marker planted in every free-text field of the frame. */
  marker: number
  /** The cid of a `msg` frame, to match its ack. */
  cid?: string
  /** The frame type it started from and what was done to it, for failure reports. */
  label: string
}

/** Marks text that goes into the JSON exactly as written. */
export class Raw {
  constructor(readonly json: string) {}
}

let rawCount = 0

/** JSON.stringify, except that Raw values are spliced in as their own text. */
export function encode(value: unknown): string {
  const raws = new Map<string, string>()
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof Raw)) return v
    const token = `\u0000fz-raw-${rawCount++}\u0000`
    raws.set(JSON.stringify(token), v.json)
    return token
  })
  if (raws.size === 0) return text
  return text.replace(/"\\u0000fz-raw-\d+\\u0000"/g, (token) => raws.get(token) ?? token)
}

/** Markers are found again in SQLite by this pattern; the trailing Q keeps FZ1Q from matching inside FZ12Q. */
export const markerText = (n: number): string => `FZ${n}Q`
export const MARKER_PATTERN = /FZ(\d+)Q/g

/**
 * Sent after every fuzz frame on a socket and in a long-poll, to mark where the frame's answers
 * end: a message whose cid another visitor stored before the run, into a conversation that does
 * not exist. Every state answers it with an error naming this cid — not_ready before hello,
 * bad_field (cid taken) or not_found after — and after hello through the write queue, so after
 * the write of the frame before it.
 */
export const SENTINEL_CID = 'fz-sentinel-cid'
export const SENTINEL = JSON.stringify({ type: 'msg', conv: 'fz-sentinel', cid: SENTINEL_CID, text: 'sentinel' })
