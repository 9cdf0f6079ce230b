/**
 * Webhooks (issue 8): what is queued in the outbox and when, each event type's shape and
 * signature as a receiver sees it, retries with backoff, subscriptions, the supervisor's view,
 * and the `parley webhook` CLI.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { WS_PATH, type WebhookEvent, type WebhooksReport } from '../protocol/index.js'
import { runParley } from './cli-testing.js'
import { hashPassword } from './secrets.js'
import type { Relay } from './server.js'
import { openStore } from './store/index.js'
import { webhookMessage } from './store/webhooks.js'
import { TEST_AGENT, TEST_SITE, LOCKED_SITE, loginCookie, openSocket, seedVisitorHistory, seededDb, startRelay, tempDir, type TestSocket } from './testing.js'
import { WEBHOOK_POLICY, nextAttemptAt } from './webhooks/policy.js'

const ROOT = join(import.meta.dirname, '..')
const SECRET = 'receiver-secret-0123456789'
const cid = (n: string) => `hook-${n}`.padEnd(12, '0')

interface Received {
  headers: IncomingHttpHeaders
  body: string
  event: WebhookEvent
  at: number
}

/** An HTTP receiver on a free port that records every POST and answers with `status(request)`. */
async function receiver(status: (received: Received, all: Received[]) => number = () => 200): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const received = { headers: req.headers, body, event: JSON.parse(body) as WebhookEvent, at: Date.now() }
      got.push(received)
      const code = status(received, got)
      res.writeHead(code, { 'Content-Type': 'text/plain' }).end(code < 300 ? 'ok' : 'nope')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Checks Parley-Signature the way the README tells receivers to, independently of the relay's code. */
function signatureValid(received: Received, secret = SECRET): boolean {
  const header = String(received.headers['parley-signature'])
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
  if (!match) return false
  const expected = createHmac('sha256', secret).update(`${match[1]}.${received.body}`).digest('hex')
  return expected === match[2] && Math.abs(Date.now() / 1000 - Number(match[1])) < 300
}

const byType = (got: Received[], type: string) => got.filter((r) => r.event.type === type).map((r) => r.event as any)

describe('webhook outbox (store)', () => {
  it('queues nothing when no endpoint takes the event, and one row per endpoint that does', () => {
    const tmp = tempDir()
    const store = openStore(seededDb(tmp.dir))
    try {
      const { conv } = seedVisitorHistory(store, { id: 'v1', site: TEST_SITE.id, agent: TEST_AGENT.id, marker: 'm' })
      const rows = () => store.webhooks.due(Date.now() + 1, 100)
      store.webhooks.record('message.created', conv, () => assert.fail('built with nobody to send it to'))
      assert.equal(rows().length, 0)

      store.webhooks.add({ siteId: TEST_SITE.id, url: 'http://127.0.0.1:9/a', secret: SECRET, events: [] })
      store.webhooks.add({ siteId: TEST_SITE.id, url: 'http://127.0.0.1:9/b', secret: SECRET, events: ['conversation.rated'] })
      store.webhooks.add({ siteId: LOCKED_SITE.id, url: 'http://127.0.0.1:9/c', secret: SECRET, events: [] })
      store.webhooks.record('conversation.closed', conv, () => ({ by: 'visitor' as const, agent: null }))
      store.webhooks.record('conversation.rated', conv, () => ({ rating: { score: 5, comment: null } }))
      assert.deepEqual(rows().map((r) => [r.type, r.url.slice(-1)]), [['conversation.closed', 'a'], ['conversation.rated', 'a'], ['conversation.rated', 'b']])
      const [, ratedA, ratedB] = rows()
      assert.equal(ratedA!.eventId, ratedB!.eventId, 'one event, one id, whichever endpoint gets it')
      assert.equal(ratedA!.payload, ratedB!.payload)
    } finally {
      store.close()
      tmp.remove()
    }
  })

  it('sees an endpoint another connection added (the CLI beside a running relay) at once', () => {
    const tmp = tempDir()
    const path = seededDb(tmp.dir)
    const relayStore = openStore(path)
    try {
      const { conv } = seedVisitorHistory(relayStore, { id: 'v1', site: TEST_SITE.id, agent: TEST_AGENT.id, marker: 'm' })
      relayStore.webhooks.record('conversation.rated', conv, () => ({ rating: { score: 5, comment: null } })) // caches "no endpoints"
      const cli = openStore(path)
      cli.webhooks.add({ siteId: TEST_SITE.id, url: 'http://127.0.0.1:9/a', secret: SECRET, events: [] })
      cli.close()
      relayStore.transaction(() => relayStore.webhooks.record('conversation.rated', conv, () => ({ rating: { score: 5, comment: null } })))
      assert.equal(relayStore.webhooks.due(Date.now() + 1, 10).length, 1)
    } finally {
      relayStore.close()
      tmp.remove()
    }
  })

  it("erases a conversation's queued events with it (visitor delete, retention)", () => {
    const tmp = tempDir()
    const path = seededDb(tmp.dir)
    const store = openStore(path)
    try {
      store.webhooks.add({ siteId: TEST_SITE.id, url: 'http://127.0.0.1:9/a', secret: SECRET, events: [] })
      const { conv } = seedVisitorHistory(store, { id: 'v1', site: TEST_SITE.id, agent: TEST_AGENT.id, marker: 'm' })
      store.webhooks.record('message.created', conv, () => ({ message: webhookMessage({ conv, seq: 1, cid: 'c', from: 'visitor', text: 'secret words', at: 1 }) }))
      assert.equal(store.webhooks.due(Date.now() + 1, 10).length, 1)
      store.privacy.deleteVisitor('v1')
      assert.equal(store.webhooks.due(Date.now() + 1, 10).length, 0)
    } finally {
      store.close()
      tmp.remove()
    }
  })
})

describe('webhook retry policy', () => {
  const policy = { ...WEBHOOK_POLICY, retryBaseMs: 10_000, retryMaxMs: 3_600_000 }
  it('doubles the wait per failed try, jittered down by at most half, capped', () => {
    for (const [attempts, full] of [[1, 10_000], [2, 20_000], [5, 160_000], [12, 3_600_000]] as const) {
      assert.equal(nextAttemptAt(attempts, 0, 0, policy, () => 1), full)
      assert.equal(nextAttemptAt(attempts, 0, 0, policy, () => 0), full / 2)
    }
  })
  it('gives up after maxAttempts tries or once the next try would fall past giveUpAfterMs', () => {
    assert.equal(nextAttemptAt(policy.maxAttempts, 0, 0, policy), null)
    assert.equal(nextAttemptAt(3, 0, policy.giveUpAfterMs - 1000, policy, () => 1), null)
    assert.notEqual(nextAttemptAt(3, 0, policy.giveUpAfterMs - 60_000, policy, () => 1), null)
  })
})

describe('webhooks at the relay', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let relay: Relay
  let wsUrl: string
  let all: Awaited<ReturnType<typeof receiver>>
  let some: Awaited<ReturnType<typeof receiver>>
  let otherSite: Awaited<ReturnType<typeof receiver>>
  const PASSWORD = 'operator password'
  const MAX_ATTEMPTS = 5

  before(async () => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
    ;[all, some, otherSite] = await Promise.all([receiver(), receiver(), receiver()])
    const store = openStore(db)
    store.agents.add({ id: 'bob', name: 'Bob', passwordHash: hashPassword(PASSWORD), skills: [], capacity: 4, role: 'agent' })
    store.agents.add({ id: 'sue', name: 'Sue', passwordHash: hashPassword(PASSWORD), skills: [], capacity: 1, role: 'supervisor' })
    store.webhooks.add({ siteId: TEST_SITE.id, url: all.url, secret: SECRET, events: [] })
    store.webhooks.add({ siteId: TEST_SITE.id, url: some.url, secret: 'another-secret-0123456789', events: ['conversation.closed', 'conversation.rated'] })
    store.webhooks.add({ siteId: LOCKED_SITE.id, url: otherSite.url, secret: SECRET, events: [] })
    store.close()
    relay = await startRelay(db, { webhooks: { retryBaseMs: 40, pollMs: 10, maxAttempts: MAX_ATTEMPTS } })
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    await relay.close()
    await Promise.all([all, some, otherSite].map((r) => r.close()))
    tmp.remove()
  })

  async function operator(login: string, password = PASSWORD): Promise<TestSocket> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay, login, password) })
    socket.send({ type: 'hello' })
    await socket.next('welcome')
    return socket
  }

  async function stateWhere(socket: TestSocket, match: (state: Record<string, any>) => boolean): Promise<Record<string, any>> {
    for (;;) {
      const state = await socket.next('state')
      if (match(state)) return state
    }
  }

  it('delivers each of the six event types, signed, with the documented shape', async () => {
    const alice = await operator(TEST_AGENT.id, TEST_AGENT.password)
    const visitor = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    visitor.send({ type: 'hello', site: TEST_SITE.id })
    const { visitor: visitorId } = await visitor.next('welcome')
    visitor.send({ type: 'msg', cid: cid('v1'), text: 'Where is my parcel?' })
    const { conv } = await visitor.next('ack')
    await stateWhere(visitor, (s) => s.agent === 'Alice')
    const bob = await operator('bob')
    alice.send({ type: 'msg', conv, cid: cid('a1'), text: 'Looking now' })
    await alice.next('ack')
    alice.send({ type: 'transfer', conv, agent: 'bob', note: 'Parcel 42' })
    await stateWhere(visitor, (s) => s.agent === 'Bob')
    bob.send({ type: 'close', conv })
    await stateWhere(visitor, (s) => s.status === 'closed')
    visitor.send({ type: 'rate', conv, score: 4, comment: 'Thanks' })
    await stateWhere(visitor, (s) => s.rating !== null)
    // 1 created, 5 messages (2 typed, 3 system lines), 2 assigned, 1 transferred, 1 closed, 1 rated.
    await until('every event at the receiver', () => all.got.length >= 11)
    for (const s of [alice, bob, visitor]) s.close()

    for (const r of all.got) {
      assert.ok(signatureValid(r), `signature of ${r.event.type}`)
      assert.equal(r.headers['parley-event-id'], r.event.id)
      assert.equal(r.headers['parley-event-type'], r.event.type)
      assert.equal(r.headers['parley-delivery-attempt'], '1')
      assert.equal(r.headers['content-type'], 'application/json')
      assert.deepEqual(Object.keys(r.event), ['id', 'type', 'createdAt', 'site', 'data'])
      assert.match(r.event.id, /^evt_[\w-]{21}$/)
      assert.equal(r.event.site, TEST_SITE.id)
      assert.deepEqual(Object.keys(r.event.data.conversation), ['id', 'visitorId', 'status', 'agentId', 'department', 'priority', 'contactEmail', 'createdAt', 'closedAt'])
      assert.equal(r.event.data.conversation.id, conv)
    }
    assert.deepEqual([all.got.length, new Set(all.got.map((r) => r.event.id)).size], [11, 11], 'every event, once')

    const [created] = byType(all.got, 'conversation.created')
    assert.deepEqual({ ...created.data.conversation, createdAt: 0 }, { id: conv, visitorId, status: 'waiting', agentId: null, department: null, priority: false, contactEmail: null, createdAt: 0, closedAt: null })

    const messages = byType(all.got, 'message.created').map((e) => e.data.message).sort((a, b) => a.seq - b.seq)
    assert.deepEqual(messages.map((m) => m.seq), [1, 2, 3, 4, 5], 'every message, system lines too')
    assert.deepEqual({ ...messages[0], at: 0 }, { seq: 1, cid: cid('v1'), from: 'visitor', agent: null, text: 'Where is my parcel?', at: 0, event: null })
    assert.deepEqual([messages[1].from, messages[1].agent, messages[1].event], ['system', null, { kind: 'joined', agent: 'Alice' }])
    assert.deepEqual({ ...messages[2], at: 0 }, { seq: 3, cid: cid('a1'), from: 'agent', agent: { id: 'alice', name: 'Alice' }, text: 'Looking now', at: 0, event: null })
    assert.deepEqual(messages.slice(3).map((m) => m.event.kind), ['took_over', 'closed'])

    const assigned = byType(all.got, 'conversation.assigned')
    assert.deepEqual(assigned.map((e) => [e.data.agent, e.data.conversation.status, e.data.conversation.agentId]), [
      [{ id: 'alice', name: 'Alice' }, 'open', 'alice'],
      [{ id: 'bob', name: 'Bob' }, 'open', 'bob'],
    ])
    const [transferred] = byType(all.got, 'conversation.transferred')
    assert.deepEqual(
      { from: transferred.data.from, to: transferred.data.to, department: transferred.data.department, note: transferred.data.note, agentId: transferred.data.conversation.agentId },
      { from: { id: 'alice', name: 'Alice' }, to: { id: 'bob', name: 'Bob' }, department: null, note: 'Parcel 42', agentId: 'alice' },
    )
    const [closed] = byType(all.got, 'conversation.closed')
    assert.deepEqual([closed.data.by, closed.data.agent, closed.data.conversation.status], ['agent', { id: 'bob', name: 'Bob' }, 'closed'])
    assert.equal(typeof closed.data.conversation.closedAt, 'number')
    const [rated] = byType(all.got, 'conversation.rated')
    assert.deepEqual(rated.data.rating, { score: 4, comment: 'Thanks' })
  })

  it('sends an endpoint only the types it subscribed to, and a site only its own', async () => {
    await until('the second endpoint', () => some.got.length === 2)
    assert.deepEqual(some.got.map((r) => r.event.type).sort(), ['conversation.closed', 'conversation.rated'])
    assert.ok(some.got.every((r) => signatureValid(r, 'another-secret-0123456789')))
    assert.ok(!some.got.some((r) => signatureValid(r)), 'each endpoint signs with its own secret')
    const ids = new Set(all.got.map((r) => r.event.id))
    assert.ok(some.got.every((r) => ids.has(r.event.id)), 'the same event has the same id at every endpoint')
    assert.equal(otherSite.got.length, 0)
  })

  it('retries a failing receiver with growing waits until it answers 2xx, and gives up after the last try', async () => {
    const flaky = await receiver((_r, got) => (got.length <= 3 ? 500 : 200))
    const down = await receiver(() => 503)
    // Added while the relay runs, from another connection, as `parley webhook add` does.
    const store = openStore(db)
    store.webhooks.add({ siteId: TEST_SITE.id, url: flaky.url, secret: SECRET, events: ['conversation.created'] })
    const downId = store.webhooks.add({ siteId: TEST_SITE.id, url: down.url, secret: SECRET, events: ['conversation.created'] }).id
    store.close()
    try {
      const visitor = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
      visitor.send({ type: 'hello', site: TEST_SITE.id })
      await visitor.next('welcome')
      visitor.send({ type: 'msg', cid: cid('retry'), text: 'Anyone?' })
      await visitor.next('ack')
      visitor.close()
      await until('the fourth try', () => flaky.got.length === 4)
      await until('the last try', () => down.got.length === MAX_ATTEMPTS)

      assert.deepEqual(flaky.got.map((r) => r.headers['parley-delivery-attempt']), ['1', '2', '3', '4'])
      assert.equal(new Set(flaky.got.map((r) => r.body)).size, 1, 'a retry sends the same bytes under the same event id')
      assert.ok(flaky.got.every((r) => signatureValid(r)))
      // Each wait is at least half of base·2^(n-1): the jitter only ever shortens by half.
      for (let n = 1; n < 4; n++) assert.ok(flaky.got[n]!.at - flaky.got[n - 1]!.at >= (40 * 2 ** (n - 1)) / 2 - 5, `wait before try ${n + 1}`)

      const res = await fetch(`${relay.url}/agent/api/webhooks`, { headers: { Cookie: await loginCookie(relay, 'sue', PASSWORD) } })
      assert.equal(res.status, 200)
      const text = await res.text()
      assert.ok(!text.includes(SECRET), 'no secrets in the report')
      const report = JSON.parse(text) as WebhooksReport
      const failing = report.endpoints.find((e) => e.id === downId)!
      const flakyReport = report.endpoints.find((e) => e.url === flaky.url)!
      assert.deepEqual([flakyReport.delivered, flakyReport.pending, flakyReport.failures.length], [1, 0, 0])
      assert.equal(failing.failed + failing.pending, 1)
      const [failure] = failing.failures
      assert.deepEqual([failure!.type, failure!.lastStatus, failure!.lastError], ['conversation.created', 503, 'HTTP 503: nope'])
      assert.ok(failure!.attempts >= MAX_ATTEMPTS - 1)
    } finally {
      await Promise.all([flaky.close(), down.close()])
    }
  })

  it('shows deliveries to supervisors only', async () => {
    assert.equal((await fetch(`${relay.url}/agent/api/webhooks`)).status, 401)
    const agent = await fetch(`${relay.url}/agent/api/webhooks`, { headers: { Cookie: await loginCookie(relay) } })
    assert.deepEqual([agent.status, ((await agent.json()) as any).error.code], [403, 'forbidden'])
  })
})

describe('parley webhook (CLI)', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  before(() => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
  })
  after(() => tmp.remove())

  const parley = runParley

  const endpoints = () => {
    const reader = new Database(db, { readonly: true })
    try {
      return reader.prepare('SELECT * FROM webhook_endpoints').all() as { id: string; url: string; events: string; secret: string }[]
    } finally {
      reader.close()
    }
  }

  it('adds an endpoint, printing a generated secret, lists it and removes it', async () => {
    const added = await parley('webhook', 'add', TEST_SITE.id, '--url', 'https://shop.example/hook?token=1', '--events', 'conversation.closed, conversation.rated', '--db', db)
    assert.equal(added.code, 0, added.stderr)
    const [row] = endpoints()
    assert.deepEqual([row!.url, JSON.parse(row!.events)], ['https://shop.example/hook?token=1', ['conversation.closed', 'conversation.rated']])
    assert.ok(added.stdout.includes(`signing secret (verify Parley-Signature with it): ${row!.secret}`))
    assert.match((await parley('webhook', 'list', '--db', db)).stdout, new RegExp(`^${row!.id}\\tshop\\thttps://shop.example/hook\\?token=1\\tconversation.closed,conversation.rated\\tpending 0, delivered 0, failed 0\\n$`))
    assert.equal((await parley('webhook', 'failures', '--db', db)).stdout, 'no failing webhook deliveries\n')

    const given = await parley('webhook', 'add', TEST_SITE.id, '--url', 'http://127.0.0.1:8788/', '--secret', 'my-own-secret-123456', '--db', db)
    assert.equal(given.code, 0, given.stderr)
    assert.ok(!given.stdout.includes('my-own-secret'), 'a secret the operator chose is not echoed')
    assert.match(given.stdout, /every event/)
    assert.equal((await parley('webhook', 'remove', row!.id, '--db', db)).code, 0)
    assert.deepEqual(endpoints().map((e) => e.url), ['http://127.0.0.1:8788/'])
  })

  it('refuses an unknown site, a bad URL or event, and misplaced flags with exit 2, writing nothing', async () => {
    const before = endpoints().length
    for (const args of [
      ['add', 'nosuch', '--url', 'https://shop.example/hook'],
      ['add', TEST_SITE.id, '--url', 'ftp://shop.example/hook'],
      ['add', TEST_SITE.id, '--url', 'not a url'],
      ['add', TEST_SITE.id, '--url', 'https://user:pw@shop.example/hook'],
      ['add', TEST_SITE.id],
      ['add', TEST_SITE.id, '--url', 'https://shop.example/hook', '--events', 'message.deleted'],
      ['add', TEST_SITE.id, '--url', 'https://shop.example/hook', '--secret', 'short'],
      ['list', '--url', 'https://shop.example/hook'],
      ['remove', 'wh_nosuch'],
      ['failures', '--site', 'nosuch'],
      ['frobnicate'],
    ]) {
      const result = await parley('webhook', ...args, '--db', db)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, /^parley: .+\n$/, args.join(' '))
    }
    assert.equal(endpoints().length, before)
    const missing = await parley('webhook', 'list', '--db', join(tmp.dir, 'typo.db'))
    assert.deepEqual([missing.code, missing.stderr], [2, `parley: no database at ${join(tmp.dir, 'typo.db')}; pass --db with the file parley serve uses\n`])
  })

  it('exits 2 from the real process too (the relay source, not dist/, run as `parley`)', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'relay', 'main.ts'), 'webhook', 'add', 'nosuch', '--url', 'https://shop.example/hook', '--db', db], { cwd: ROOT, encoding: 'utf8' })
    assert.deepEqual([result.status, result.stderr], [2, 'parley: no site "nosuch"; add it first with: parley site add nosuch\n'])
  })
})
