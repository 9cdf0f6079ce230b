/** @module relay/json-body — the JSON object a REST request sends, or a RelayError saying what is wrong with it. */
import type { Context } from 'hono'
import { RelayError } from './errors.js'

export async function readJson(c: Context): Promise<Record<string, unknown>> {
  if (!(c.req.header('Content-Type') ?? '').startsWith('application/json')) {
    // Requiring JSON also keeps plain cross-site form posts out (they cannot set this type).
    throw new RelayError('bad_frame', 'send a JSON body with Content-Type: application/json')
  }
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new RelayError('bad_json', 'body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RelayError('bad_frame', 'body must be a JSON object')
  return body as Record<string, unknown>
}
