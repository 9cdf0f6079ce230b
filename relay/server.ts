/**
 * @module relay/server — `createRelay`: one Node process, one port. The Hono app answers HTTP,
 * our `ws` server answers upgrades on the same http.Server, and both share one store and hub.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { CONNECTION_FRAME_RATE, VISITOR_FRAME_RATE } from '../protocol/index.js'
import { createAgentAuth } from './agent-auth.js'
import { createApp } from './app.js'
import { findDistDir, loadBundles } from './assets.js'
import { createCore } from './core.js'
import { createHub } from './hub.js'
import { createPollRoute } from './poll.js'
import { createRestRoutes } from './rest-routes.js'
import { createRetention } from './retention.js'
import { attachSockets } from './sockets.js'
import { openStore } from './store/index.js'
import { createWebhookDelivery } from './webhooks/deliver.js'
import type { WebhookPolicy } from './webhooks/policy.js'
import { createWriteQueue } from './write-queue.js'

type Rate = { perSecond: number; burst: number }
export interface FrameRates {
  /** Per visitor, over all their connections and both transports. */
  visitor: Rate
  /** Per connection, either role. */
  connection: Rate
}
const FRAME_RATES: FrameRates = { visitor: VISITOR_FRAME_RATE, connection: CONNECTION_FRAME_RATE }

export interface RelayOptions {
  /** SQLite file; created and migrated when missing. */
  db: string
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** The site the demo page at / embeds. */
  demoSite?: string
  /** Extra time to gather messages into one commit (group commit); 0 = the next loop turn. */
  commitWindowMs?: number
  /** How long an operator without an open tab keeps their chats before they are requeued. */
  agentGraceMs?: number
  /** Frame rate limits (protocol/limits.ts by default); tests that pump thousands of frames raise them. */
  frameRates?: FrameRates
  /** Deletes conversations with no activity for this many days: at start, then hourly. Unset keeps everything. */
  retentionDays?: number
  /** Webhook retry timing and limits (relay/webhooks/policy.ts); tests shrink the backoff. */
  webhooks?: Partial<WebhookPolicy>
  distDir?: string
  log?: (...args: unknown[]) => void
}

/** Headers on every HTTP answer of the relay. */
const EVERY_RESPONSE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' } as const

export interface Relay {
  url: string
  port: number
  /** Drains: stops taking connections, closes sockets with "come back", closes the database. */
  close(): Promise<void>
}

export async function createRelay(options: RelayOptions): Promise<Relay> {
  const log = options.log ?? console.error
  const store = openStore(options.db)
  const hub = createHub()
  const auth = createAgentAuth(store)
  const writes = createWriteQueue(store, { windowMs: options.commitWindowMs ?? 0 })
  const rates = { ...FRAME_RATES, ...options.frameRates }
  const core = createCore({ store, hub, writes, log, visitorFrameRate: rates.visitor, ...(options.agentGraceMs !== undefined && { agentGraceMs: options.agentGraceMs }) })
  const retention = options.retentionDays === undefined ? undefined : createRetention({ store, writes, days: options.retentionDays, log })
  // Expired conversations are gone before the first client can ask for them.
  await retention?.start()
  const webhooks = createWebhookDelivery({ store, writes, log, ...(options.webhooks && { policy: options.webhooks }) })
  const bundles = loadBundles(options.distDir ?? findDistDir())
  const poll = createPollRoute({ core, log })
  const app = createApp({ store, hub, auth, bundles, demoSite: options.demoSite ?? 'demo', log, routes: [poll.app, createRestRoutes({ core })] })

  const answer = getRequestListener(app.fetch)
  const server = createServer((req, res) => {
    // What every answer carries, set on the Node response (its writeHead merges them): added in
    // Hono after the handler, each finished Response was copied to take two more headers.
    for (const [name, value] of Object.entries(EVERY_RESPONSE_HEADERS)) res.setHeader(name, value)
    return answer(req, res)
  })
  const sockets = attachSockets({ server, core, auth, log, connectionFrameRate: rates.connection })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  webhooks.start() // what a crash left in the outbox goes out now
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1'

  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        retention?.close() // a sweep already queued still commits in the drain below
        await webhooks.close() // requests in flight are cut off; what they marked commits below
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        // Commit what has arrived (its acks go out on open sockets), then tell clients to come back.
        await writes.drain()
        poll.wakeAll()
        await sockets.close()
        server.closeAllConnections()
        await stopped
        await writes.drain() // anything the last frames queued while the sockets were closing
        core.close()

        store.close()
      })()
      return closing
    },
  }
}
