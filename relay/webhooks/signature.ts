/**
 * @module relay/webhooks/signature — the `Parley-Signature` header: `t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>`. Signing the timestamp with the body lets a receiver
 * refuse a captured request replayed later (the scheme Stripe's webhooks made familiar).
 */
import { createHmac } from 'node:crypto'

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}
