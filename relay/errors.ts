/**
 * @module relay/errors — errors as data. A RelayError carries a stable protocol code; one
 * function maps any thrown value to an error frame, one maps it to an HTTP response body.
 */
import { ERROR_STATUS, type ErrorCode, type ErrorFrame, type Parsed } from '../protocol/index.js'

export class RelayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly cid?: string,
    /** rate_limited: milliseconds until trying again makes sense. */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'RelayError'
  }

  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

/** Anything that is not a RelayError is a bug: log it, and tell the client only that much. */
export function toErrorFrame(err: unknown, log: (err: unknown) => void = console.error): ErrorFrame {
  if (err instanceof RelayError) {
    const frame: ErrorFrame = { type: 'error', code: err.code, message: err.message }
    if (err.cid !== undefined) frame.cid = err.cid
    if (err.retryAfter !== undefined) frame.retryAfter = err.retryAfter
    return frame
  }
  log(err)
  return { type: 'error', code: 'internal', message: 'the relay failed to handle this frame' }
}

export function toHttpError(err: unknown, log: (err: unknown) => void = console.error): { status: number; body: { error: { code: ErrorCode; message: string } } } {
  const frame = toErrorFrame(err, log)
  return { status: ERROR_STATUS[frame.code], body: { error: { code: frame.code, message: frame.message } } }
}

/** The clean value of a request that passed its protocol validator; a RelayError saying why when it did not. */
export function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new RelayError(parsed.code, parsed.message)
  return parsed.frame
}
