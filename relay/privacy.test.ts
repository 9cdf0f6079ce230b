import assert from 'node:assert/strict'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { DAY_MS, createRetention } from './retention.js'
import { createRelay } from './server.js'
import { openStore, type Store } from './store/index.js'
import { databaseBytes, openSocket, seedVisitorHistory, tempDir } from './testing.js'
import { createWriteQueue } from './write-queue.js'

const SITE = 'shop'
const AGENT = 'alice'
// Markers: every string stored for visitor A contains ALPHA, for B contains BRAVO.
const ALPHA = 'qx-alpha-7d1e'
const BRAVO = 'qx-bravo-52c9'
const NOW = Date.UTC(2025, 5, 1)

function prepare(path: string): Store {
  const store = openStore(path)
  store.sites.add({ id: SITE, secret: 's'.repeat(20), origins: [] })
  store.agents.add({ id: AGENT, name: 'Alice', passwordHash: 'x', skills: [], capacity: 4, role: 'agent' })
  return store
}

describe('visitor export and delete', () => {
  let tmp: ReturnType<typeof tempDir>
  let path: string
  let store: Store

  beforeEach(() => {
    tmp = tempDir()
    path = join(tmp.dir, 'parley.db')
    store = prepare(path)
    seedVisitorHistory(store, { id: 'va', site: SITE, agent: AGENT, marker: ALPHA, at: NOW })
    seedVisitorHistory(store, { id: 'vb', site: SITE, agent: AGENT, marker: BRAVO, at: NOW })
  })
  afterEach(() => {
    store.close()
    tmp.remove()
  })

  it('exports the visitor with identity, context, page, messages, operators, transfer notes, left email and rating', () => {
    const data = store.privacy.exportVisitor('va', NOW + 1)!
    assert.equal(data.format, 'parley-visitor-export/1')
    assert.equal(data.exportedAt, new Date(NOW + 1).toISOString())
    assert.deepEqual(data.visitor.identity, { id: `${ALPHA}-user`, name: `${ALPHA} Name`, email: `${ALPHA}@example.com`, verified: false })
    assert.deepEqual(data.visitor.context, { plan: `${ALPHA}-plan`, order: `${ALPHA}-order` })
    assert.equal(data.visitor.page?.url, `https://shop.example/${ALPHA}-page`)
    assert.equal(data.conversations.length, 1)
    const [conv] = data.conversations
    assert.deepEqual(
      conv!.messages.map((m) => [m.seq, m.from, m.name ?? null, m.text]),
      [
        [1, 'visitor', null, `${ALPHA} asks where the parcel is`],
        [2, 'agent', 'Alice', `${ALPHA} gets an answer`],
      ],
    )
    assert.deepEqual(conv!.operators, [AGENT])
    assert.deepEqual(conv!.transfers.map((t) => [t.from, t.department, t.note]), [[AGENT, 'billing', `${ALPHA} transfer note`]])
    assert.equal(conv!.contactEmail, `${ALPHA}-contact@example.com`)
    assert.deepEqual(conv!.rating, { score: 4, comment: `${ALPHA} rating comment` })
    assert.ok(!JSON.stringify(data).includes(BRAVO), 'nothing of another visitor')
  })

  it('returns nothing for an unknown visitor and deletes nothing', () => {
    assert.equal(store.privacy.exportVisitor('nobody'), undefined)
    assert.equal(store.privacy.deleteVisitor('nobody'), undefined)
    assert.equal(store.privacy.exportVisitor('va')!.conversations[0]!.messages.length, 2)
    assert.equal(store.privacy.exportVisitor('vb')!.conversations[0]!.messages.length, 2)
  })

  it('deletes the visitor with every row of their conversations and counts what went', () => {
    const removed = store.privacy.deleteVisitor('va')
    assert.deepEqual(removed, { visitors: 1, conversations: 1, messages: 2, ratings: 1, transfers: 1, handlers: 1 })
    assert.equal(store.visitors.get('va'), undefined)
    assert.equal(store.conversations.get('va-conv'), undefined)
    assert.equal(store.messages.findByCid('va-cid-visitor'), undefined)
    assert.equal(store.ratings.get('va-conv'), undefined)
    assert.deepEqual(store.handovers.transfers('va-conv'), [])
    assert.deepEqual(store.handovers.handlers('va-conv'), [])
    // The operator's rating average no longer counts the deleted visitor's rating.
    assert.deepEqual(store.ratings.perOperator().map((r) => r.count), [1])
    assert.equal(store.privacy.exportVisitor('vb')!.conversations[0]!.messages.length, 2)
  })

  it("leaves none of the deleted visitor's bytes in the database file or its WAL", () => {
    store.close()
    const before = databaseBytes(path).toString('latin1')
    // The scan can fail: both visitors are in the bytes before the delete.
    assert.ok(before.includes(ALPHA) && before.includes(BRAVO))

    store = openStore(path)
    store.privacy.deleteVisitor('va')
    store.privacy.scrub({ vacuum: true })
    store.close()
    const after = databaseBytes(path).toString('latin1')
    assert.equal(after.includes(ALPHA), false, 'a marker of the deleted visitor is still in the file')
    assert.ok(after.includes(`${BRAVO} asks where the parcel is`))
    assert.ok(after.includes(`${BRAVO} rating comment`))

    store = openStore(path)
    assert.equal(store.visitors.get('vb')!.context.plan, `${BRAVO}-plan`)
    assert.equal(store.privacy.exportVisitor('vb')!.conversations[0]!.contactEmail, `${BRAVO}-contact@example.com`)
  })

  it('clears bytes an older relay freed without secure_delete, by rewriting the file', () => {
    store.close()
    // What an older relay left: a replaced context whose old cell was freed but not zeroed.
    const raw = new Database(path)
    raw.pragma('secure_delete = OFF')
    raw.prepare('UPDATE visitors SET context = ? WHERE id = ?').run(JSON.stringify({ note: `${ALPHA}-relic ${'.'.repeat(400)}` }), 'va')
    raw.prepare('UPDATE visitors SET context = ? WHERE id = ?').run('{}', 'va')
    raw.close()
    assert.ok(databaseBytes(path).toString('latin1').includes(`${ALPHA}-relic`), 'the freed cell is still in the file')

    store = openStore(path)
    store.privacy.deleteVisitor('va')
    store.privacy.scrub({ vacuum: true })
    store.close()
    assert.equal(databaseBytes(path).toString('latin1').includes(ALPHA), false)
    store = openStore(path)
  })
})

describe('retention purge', () => {
  let tmp: ReturnType<typeof tempDir>
  let path: string
  let store: Store

  beforeEach(() => {
    tmp = tempDir()
    path = join(tmp.dir, 'parley.db')
    store = prepare(path)
  })
  afterEach(() => {
    store.close()
    tmp.remove()
  })

  it('deletes conversations idle since the cutoff and visitors left with none, and keeps the rest', () => {
    const old = NOW - 40 * DAY_MS
    seedVisitorHistory(store, { id: 'va', site: SITE, agent: AGENT, marker: ALPHA, at: old })
    seedVisitorHistory(store, { id: 'vb', site: SITE, agent: AGENT, marker: BRAVO, at: NOW - DAY_MS })
    // An old conversation still waiting is purged too; its visitor was seen lately, so stays.
    store.visitors.add({ id: 'vc', siteId: SITE, tokenHash: 'hash-vc' }, old)
    store.conversations.create({ id: 'vc-conv', siteId: SITE, visitorId: 'vc', epoch: 'e1' }, old)
    store.messages.append({ conv: 'vc-conv', cid: 'vc-cid-visitor', from: 'visitor', text: 'hello?' }, old)
    store.visitors.touch('vc', undefined, NOW - DAY_MS)
    // Rated yesterday, long after its last message: the rating is activity.
    store.visitors.add({ id: 'vd', siteId: SITE, tokenHash: 'hash-vd' }, old)
    store.conversations.create({ id: 'vd-conv', siteId: SITE, visitorId: 'vd', epoch: 'e1' }, old)
    store.conversations.close('vd-conv', old)
    store.ratings.add('vd-conv', { score: 5 }, NOW - DAY_MS)
    // Never wrote: gone when last seen before the cutoff, kept when seen since.
    store.visitors.add({ id: 've', siteId: SITE, tokenHash: 'hash-ve' }, old)
    store.visitors.add({ id: 'vf', siteId: SITE, tokenHash: 'hash-vf' }, NOW)

    const removed = store.privacy.purge(NOW - 30 * DAY_MS)
    assert.deepEqual(removed, { visitors: 2, conversations: 2, messages: 3, ratings: 1, transfers: 1, handlers: 1 })
    assert.deepEqual(['va', 'vb', 'vc', 'vd', 've', 'vf'].filter((id) => store.visitors.get(id)), ['vb', 'vc', 'vd', 'vf'])
    assert.deepEqual(['va-conv', 'vb-conv', 'vc-conv', 'vd-conv'].filter((id) => store.conversations.get(id)), ['vb-conv', 'vd-conv'])
    assert.equal(store.messages.findByCid('vc-cid-visitor'), undefined)
    assert.deepEqual(store.privacy.purge(NOW - 30 * DAY_MS), { visitors: 0, conversations: 0, messages: 0, ratings: 0, transfers: 0, handlers: 0 })

    // The relay's sweep does not VACUUM: secure_delete and the emptied WAL must be enough.
    assert.equal(store.privacy.scrub({ vacuum: false }), true)
    store.close()
    const bytes = databaseBytes(path).toString('latin1')
    assert.equal(bytes.includes(ALPHA), false)
    assert.ok(bytes.includes(`${BRAVO} rating comment`))
    store = openStore(path)
  })

  it('sweeps on start and on its timer, by the clock it is given, until closed', async () => {
    let clock = NOW
    const logged: string[] = []
    const writes = createWriteQueue(store)
    const retention = createRetention({ store, writes, days: 30, everyMs: 5, now: () => clock, log: (line) => logged.push(String(line)) })
    seedVisitorHistory(store, { id: 'va', site: SITE, agent: AGENT, marker: ALPHA, at: NOW - 31 * DAY_MS })
    seedVisitorHistory(store, { id: 'vb', site: SITE, agent: AGENT, marker: BRAVO, at: NOW - 29 * DAY_MS })
    await retention.start()
    assert.equal(store.visitors.get('va'), undefined)
    assert.ok(store.visitors.get('vb'))
    assert.match(logged.join('\n'), /deleted 1 conversations and 1 visitors idle for more than 30 days/)

    clock += 2 * DAY_MS // vb is now 31 days idle: the next tick of the timer takes it
    const deadline = Date.now() + 5000
    while (store.visitors.get('vb') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.equal(store.visitors.get('vb'), undefined)

    retention.close()
    await writes.drain() // a sweep the timer queued before close still commits
    seedVisitorHistory(store, { id: 'vc', site: SITE, agent: AGENT, marker: 'qx-charlie', at: NOW - 365 * DAY_MS })
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.ok(store.visitors.get('vc'), 'no sweep after close')
  })

  it('a relay started with retentionDays has purged before it listens', async () => {
    seedVisitorHistory(store, { id: 'va', site: SITE, agent: AGENT, marker: ALPHA, at: Date.now() - 10 * DAY_MS })
    seedVisitorHistory(store, { id: 'vb', site: SITE, agent: AGENT, marker: BRAVO, at: Date.now() })
    store.close()
    const relay = await createRelay({ db: path, port: 0, retentionDays: 7, log: () => {} })
    await relay.close()
    store = openStore(path)
    assert.equal(store.visitors.get('va'), undefined)
    assert.ok(store.conversations.get('vb-conv'))
  })
})

describe('a visitor deleted while their page is open', () => {
  it('is told so on their next message, and the relay carries on', async () => {
    const tmp = tempDir()
    const path = join(tmp.dir, 'open-page.db')
    prepare(path).close()
    const relay = await createRelay({ db: path, port: 0, log: () => {} })
    try {
      const socket = await openSocket(`${relay.url.replace('http', 'ws')}/v1/visitor`)
      socket.send({ type: 'hello', site: SITE })
      const { visitor } = await socket.next('welcome')
      socket.send({ type: 'msg', cid: 'before-delete-1', text: 'first' })
      await socket.next('ack')
      const admin = openStore(path) // what `parley visitor delete` does, from another process
      assert.ok(admin.privacy.deleteVisitor(visitor))
      admin.close()
      socket.send({ type: 'msg', cid: 'after-delete-1', text: 'second' })
      const error = await socket.next('error')
      assert.deepEqual([error.code, error.cid], ['unauthorized', 'after-delete-1'])
      socket.send({ type: 'ping' })
      await socket.next('pong')
      socket.close()
    } finally {
      await relay.close()
      tmp.remove()
    }
  })
})
