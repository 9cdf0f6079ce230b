import assert from 'node:assert/strict'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { tempDir } from '../testing.js'
import { MIGRATIONS } from './migrations.js'
import { openStore, type Store } from './index.js'

/** Changes from another connection show from the next turn of the event loop (outside-commits.ts). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('store', () => {
  let tmp: ReturnType<typeof tempDir>
  let path: string
  let store: Store

  beforeEach(() => {
    tmp = tempDir()
    path = join(tmp.dir, 'parley.db')
    store = openStore(path)
    store.sites.add({ id: 'shop', secret: 's'.repeat(20), origins: ['https://shop.example'] })
  })
  afterEach(() => {
    store.close()
    tmp.remove()
  })

  function newConversation(visitorId = 'v1', convId = 'c1') {
    if (!store.visitors.get(visitorId)) store.visitors.add({ id: visitorId, siteId: 'shop', tokenHash: `hash-${visitorId}` })
    return store.conversations.create({ id: convId, siteId: 'shop', visitorId, epoch: 'e1' })
  }

  it('sees operators another connection adds or removes (the CLI beside a running relay) from the next turn of the event loop, though it keeps the team in memory', async () => {
    const agent = (id: string) => ({ id, name: id, passwordHash: 'x', skills: [], capacity: 2, role: 'agent' as const })
    store.agents.add(agent('ann'))
    assert.deepEqual(store.agents.list().map((a) => a.id), ['ann'])
    const cli = openStore(path)
    try {
      cli.agents.add(agent('bob'))
      await nextTurn()
      assert.deepEqual(store.agents.list().map((a) => a.id), ['ann', 'bob'])
      cli.agents.remove('ann')
      await nextTurn()
      assert.deepEqual(store.agents.list().map((a) => a.id), ['bob'])
    } finally {
      cli.close()
    }
    store.agents.remove('bob')
    assert.deepEqual(store.agents.list(), [])
  })

  it('sees a site another connection adds (parley site add beside a running relay) from the next turn of the event loop, though it keeps sites in memory', async () => {
    assert.deepEqual(store.sites.get('shop')?.origins, ['https://shop.example'])
    assert.equal(store.sites.get('blog'), undefined)
    const cli = openStore(path)
    try {
      cli.sites.add({ id: 'blog', secret: 'b'.repeat(20), origins: ['https://blog.example'] })
      assert.equal(store.sites.get('blog'), undefined) // this turn already asked whether anything changed
      await nextTurn()
      assert.deepEqual(store.sites.get('blog')?.origins, ['https://blog.example'])
    } finally {
      cli.close()
    }
    assert.equal(store.sites.get('docs'), undefined) // read (and kept) just before this connection adds it
    store.sites.add({ id: 'docs', secret: 'd'.repeat(20), origins: [] })
    assert.deepEqual(store.sites.list().map((site) => site.id), ['blog', 'docs', 'shop'])
    assert.equal(store.sites.get('docs')?.id, 'docs')
  })

  it('migrates a new file to the latest version in WAL mode', () => {
    const db = new Database(path, { readonly: true })
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length)
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
    db.close()
  })

  it('migrates a version 1 file forward, giving existing conversations an epoch', () => {
    const oldPath = join(tmp.dir, 'v1.db')
    const old = new Database(oldPath)
    old.exec(MIGRATIONS[0]!)
    old.pragma('user_version = 1')
    old.exec(`INSERT INTO sites VALUES ('shop', 'secret', '[]', 1);
      INSERT INTO visitors (id, site_id, token_hash, created_at, last_seen_at) VALUES ('v1', 'shop', 'h', 1, 1);
      INSERT INTO conversations (id, site_id, visitor_id, status, created_at, updated_at) VALUES ('c1', 'shop', 'v1', 'waiting', 1, 1);`)
    old.close()
    const migrated = openStore(oldPath)
    assert.match(migrated.conversations.get('c1')!.epoch, /^[0-9a-f]{12}$/)
    migrated.close()
  })

  it('refuses a database written by a newer relay', () => {
    store.close()
    const db = new Database(path)
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    db.close()
    assert.throws(() => openStore(path), /newer than this relay/)
    store = openStore(join(tmp.dir, 'other.db'))
  })

  it('assigns each conversation its own gap-free seq from 1', () => {
    newConversation('v1', 'c1')
    newConversation('v2', 'c2')
    const seqs = ['a', 'b', 'c'].map((n, i) => store.messages.append({ conv: i === 1 ? 'c2' : 'c1', cid: `cid-${n}-123456`, from: 'visitor', text: n }).message.seq)
    assert.deepEqual(seqs, [1, 1, 2])
    assert.equal(store.conversations.get('c1')!.lastSeq, 2)
  })

  it('returns the stored seq when a client id is sent twice, and stores it once', () => {
    newConversation()
    const first = store.messages.append({ conv: 'c1', cid: 'same-cid-1234', from: 'visitor', text: 'hello' })
    const again = store.messages.append({ conv: 'c1', cid: 'same-cid-1234', from: 'visitor', text: 'hello' })
    assert.equal(first.duplicate, false)
    assert.equal(again.duplicate, true)
    assert.equal(again.message.seq, first.message.seq)
    assert.equal(store.messages.after('c1', 0, 10).length, 1)
  })

  it('finds a visitor by token only on the site the token belongs to', () => {
    store.sites.add({ id: 'other', secret: 'o'.repeat(20), origins: [] })
    store.visitors.add({ id: 'v1', siteId: 'shop', tokenHash: 'h1' })
    assert.equal(store.visitors.byToken('h1', 'shop')?.id, 'v1')
    assert.equal(store.visitors.byToken('h1', 'other'), undefined)
  })

  it('merges context keys across calls', () => {
    store.visitors.add({ id: 'v1', siteId: 'shop', tokenHash: 'h1' })
    store.visitors.mergeContext('v1', { plan: 'Gold', lastOrder: 'A-1' })
    store.visitors.mergeContext('v1', { lastOrder: 'A-2', vip: true })
    assert.deepEqual(store.visitors.get('v1')!.context, { plan: 'Gold', lastOrder: 'A-2', vip: true })
  })

  it('keeps every committed message after the file is closed and opened again', () => {
    newConversation()
    for (let i = 0; i < 20; i++) store.messages.append({ conv: 'c1', cid: `cid-${i}-abcdefgh`, from: i % 2 ? 'agent' : 'visitor', text: `m${i}` })
    store.close()
    store = openStore(path)
    const messages = store.messages.after('c1', 0, 100)
    assert.deepEqual(messages.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => i + 1))
    assert.deepEqual(store.messages.after('c1', 18, 100).map((m) => m.text), ['m18', 'm19'])
  })

  it('moves a conversation between the queue, an operator and closed, and never out of closed', () => {
    store.agents.add({ id: 'alice', name: 'Alice', passwordHash: 'x', skills: [], capacity: 4, role: 'agent' })
    newConversation()
    assert.deepEqual(store.conversations.listWaiting().map((c) => c.id), ['c1'])
    assert.equal(store.conversations.assign('c1', 'alice', 5), true)
    assert.deepEqual([store.conversations.get('c1')!.status, store.conversations.get('c1')!.agentId], ['open', 'alice'])
    assert.equal(store.conversations.queue('c1', { requeued: true }, 6), true)
    assert.deepEqual([store.conversations.get('c1')!.status, store.conversations.get('c1')!.requeued], ['waiting', true])
    assert.equal(store.conversations.close('c1', 9), true)
    assert.equal(store.conversations.assign('c1', 'alice'), false)
    assert.equal(store.conversations.queue('c1'), false)
    assert.equal(store.conversations.get('c1')!.status, 'closed')
  })

  it('rolls back a transaction that throws halfway', () => {
    newConversation()
    assert.throws(() =>
      store.transaction(() => {
        store.messages.append({ conv: 'c1', cid: 'first-cid-123', from: 'visitor', text: 'a' })
        store.messages.append({ conv: 'missing', cid: 'second-cid-12', from: 'visitor', text: 'b' })
      }),
    )
    assert.equal(store.messages.findByCid('first-cid-123'), undefined)
    assert.equal(store.conversations.get('c1')!.lastSeq, 0)
  })
})
