/** @module relay/testing — helpers for the relay's tests: temp databases, a relay on port 0, raw ws clients. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { hashPassword } from './secrets.js'
import { createRelay, type FrameRates, type Relay, type RelayOptions } from './server.js'
import { openStore, type Store } from './store/index.js'

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export const TEST_SITE = { id: 'shop', secret: 'test-secret-0123456789' }
/** A site that lists its allowed origins. */
export const LOCKED_SITE = { id: 'locked', origin: 'https://shop.example' }
export const TEST_AGENT = { id: 'alice', name: 'Alice', password: 'correct horse' }

/** A database file with one site and one operator. */
export function seededDb(dir: string): string {
  const path = join(dir, 'parley.db')
  const store = openStore(path)
  store.sites.add({ id: TEST_SITE.id, secret: TEST_SITE.secret, origins: [] })
  store.sites.add({ id: LOCKED_SITE.id, secret: TEST_SITE.secret, origins: [LOCKED_SITE.origin] })
  store.agents.add({ id: TEST_AGENT.id, name: TEST_AGENT.name, passwordHash: hashPassword(TEST_AGENT.password), skills: [], capacity: 4, role: 'agent' })
  store.close()
  return path
}

/**
 * A visitor with one closed conversation that touches every table holding their data: identity,
 * context (set twice, so an older version existed), page, a message each way, an operator who
 * handled it, a transfer note, a left email and a rating. Every stored string contains `marker`,
 * so a scan of the file's bytes for `marker` finds any of it. The site and operator must exist.
 */
export function seedVisitorHistory(store: Store, options: { id: string; site: string; agent: string; marker: string; at?: number }): { conv: string } {
  const { id, site, agent, marker, at = Date.now() } = options
  const conv = `${id}-conv`
  store.transaction(() => {
    store.visitors.add({ id, siteId: site, tokenHash: `hash-${id}` }, at)
    store.visitors.setIdentity(id, { id: `${marker}-user`, name: `${marker} Name`, email: `${marker}@example.com`, verified: false })
    store.visitors.mergeContext(id, { plan: `${marker}-first-plan`, order: `${marker}-order` })
    store.visitors.mergeContext(id, { plan: `${marker}-plan` })
    store.visitors.touch(id, { url: `https://shop.example/${marker}-page`, title: `${marker} page` }, at)
    store.conversations.create({ id: conv, siteId: site, visitorId: id, epoch: 'e1' }, at)
    store.messages.append({ conv, cid: `${id}-cid-visitor`, from: 'visitor', text: `${marker} asks where the parcel is` }, at)
    store.conversations.assign(conv, agent, at)
    store.handovers.addHandler(conv, agent, at)
    store.messages.append({ conv, cid: `${id}-cid-agent`, from: 'agent', agentId: agent, text: `${marker} gets an answer` }, at)
    store.handovers.addTransfer({ conversationId: conv, fromAgent: agent, toAgent: null, toDepartment: 'billing', note: `${marker} transfer note` }, at)
    store.conversations.setContact(conv, `${marker}-contact@example.com`, at)
    store.conversations.close(conv, at)
    store.ratings.add(conv, { score: 4, comment: `${marker} rating comment` }, at)
  })
  return { conv }
}

/** The raw bytes of a SQLite file and of its WAL (when there is one): what a disk image would show. */
export function databaseBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)))
}

/** Rate limits out of the way, for tests that pump many frames to test something else. */
export const UNLIMITED_RATES: FrameRates = { visitor: { perSecond: 1e6, burst: 1e6 }, connection: { perSecond: 1e6, burst: 1e6 } }

export async function startRelay(db: string, options: Partial<RelayOptions> = {}): Promise<Relay> {
  return createRelay({ db, port: 0, log: () => {}, ...options })
}

export interface TestSocket {
  ws: WebSocket
  send(frame: unknown): void
  /** The next frame (optionally the next of a type), failing after `ms`. */
  next<T = Record<string, any>>(type?: string, ms?: number): Promise<T>
  /** Resolves with the close code once the relay closes the socket. */
  closed: Promise<number>
  close(): void
}

export function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers })
  const frames: Record<string, any>[] = []
  const waiters: (() => void)[] = []
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()))
    for (const wake of waiters.splice(0)) wake()
  })
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))

  async function next<T>(type?: string, ms = 3000): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const index = frames.findIndex((f) => type === undefined || f.type === type)
      if (index >= 0) return frames.splice(index, 1)[0] as T
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no ${type ?? 'frame'} within ${ms} ms; had ${JSON.stringify(frames)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        next,
        closed,
        close: () => ws.close(),
      }),
    )
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })))
    ws.once('error', reject)
  })
}

/** Logs an operator in over HTTP and returns the Cookie header to send. */
export async function loginCookie(relay: Relay | string, login = TEST_AGENT.id, password = TEST_AGENT.password): Promise<string> {
  const res = await fetch(`${typeof relay === 'string' ? relay : relay.url}/agent/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  })
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`)
  return res.headers.getSetCookie()[0]!.split(';')[0]!
}
