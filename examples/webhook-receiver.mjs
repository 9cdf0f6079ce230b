#!/usr/bin/env node
// A Parley webhook receiver to copy: plain Node, no dependencies.
//
//   PARLEY_WEBHOOK_SECRET=<the secret `parley webhook add` printed> node examples/webhook-receiver.mjs [--port 8788] [--host 127.0.0.1] [--forward https://…]
//
// It checks the Parley-Signature header (HMAC-SHA256 over "<t>.<body>", compared in constant
// time, timestamps more than 5 minutes off refused), drops events whose id it has already seen
// (Parley delivers at least once), and writes each new event to stdout as one JSON line. With
// --forward it also POSTs the event there (a mailer that sends the transcript, say) and only
// counts it as received once that worked, so Parley retries the rest. Notes go to stderr.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' }, secret: { type: 'string' }, forward: { type: 'string' } },
})
const secret = args.secret ?? process.env.PARLEY_WEBHOOK_SECRET
const port = Number(args.port ?? process.env.PORT ?? 8788)
const host = args.host ?? process.env.HOST ?? '127.0.0.1'
const forward = args.forward ?? process.env.FORWARD_URL
if (!secret) {
  console.error('webhook-receiver: set PARLEY_WEBHOOK_SECRET (or pass --secret) to the secret `parley webhook add` printed')
  process.exit(2)
}

const TOLERANCE_SECONDS = 5 * 60
const MAX_BODY = 1024 * 1024
// Ids seen, oldest first. In memory here: a real receiver stores the id in the same
// transaction as whatever the event makes it do, so a restart cannot repeat the effect.
const seen = new Set()
const MAX_SEEN = 100_000

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` → true when one v1 is HMAC-SHA256(secret, t + "." + body). */
function verify(header, body, nowSeconds = Date.now() / 1000) {
  const parts = (header ?? '').split(',').map((part) => part.trim().split('='))
  const t = Number(parts.find(([key]) => key === 't')?.[1])
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) return false
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest()
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !/^[0-9a-f]{64}$/.test(value ?? '')) return false
    return timingSafeEqual(Buffer.from(value, 'hex'), expected)
  })
}

function remember(id) {
  seen.add(id)
  if (seen.size > MAX_SEEN) seen.delete(seen.values().next().value)
}

function answer(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' })
  const chunks = []
  let size = 0
  req.on('data', (chunk) => {
    size += chunk.length
    if (size > MAX_BODY) req.destroy()
    else chunks.push(chunk)
  })
  req.on('end', async () => {
    const body = Buffer.concat(chunks)
    // Verify the raw bytes, before parsing: re-serialised JSON would not match the signature.
    if (!verify(req.headers['parley-signature'], body)) {
      console.error(`refused: bad or stale Parley-Signature from ${req.socket.remoteAddress}`)
      return answer(res, 401, { error: 'bad signature' })
    }
    let event
    try {
      event = JSON.parse(body.toString('utf8'))
    } catch {
      return answer(res, 400, { error: 'body is not JSON' })
    }
    if (seen.has(event.id)) {
      console.error(`duplicate ${event.id} dropped`)
      return answer(res, 200, { ok: true, duplicate: true })
    }
    if (forward) {
      try {
        const sent = await fetch(forward, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(5000) })
        if (!sent.ok) throw new Error(`HTTP ${sent.status}`)
      } catch (err) {
        console.error(`forwarding ${event.id} failed (${err.message}); Parley will retry`)
        return answer(res, 502, { error: 'forwarding failed' })
      }
    }
    remember(event.id)
    process.stdout.write(`${JSON.stringify(event)}\n`)
    answer(res, 200, { ok: true })
  })
})

server.listen(port, host, () => console.error(`webhook receiver listening on http://${host}:${server.address().port}`))
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)))
