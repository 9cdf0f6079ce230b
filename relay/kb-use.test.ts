/** Self-service at the relay (issue 8): articles read before asking, "Did this answer your question?", deflections, erasure. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WS_PATH, type SeenArticle } from '../protocol/index.js'
import { hashPassword } from './secrets.js'
import type { Relay } from './server.js'
import { openStore, type Store } from './store/index.js'
import { FEEDBACK_ATTACH_MS } from './store/kb-use.js'
import { LOCKED_SITE, TEST_SITE, databaseBytes, loginCookie, openSocket, seededDb, startRelay, tempDir, type TestSocket } from './testing.js'

const cid = (n: string) => `kbuse-${n}`.padEnd(12, '0')
const SUPERVISOR = { id: 'sue', password: 'supervisor pass' }
const LOCKED_AGENT = { id: 'lena', password: 'locked agent pass' }

function addArticles(store: Store): void {
  store.kb.add(TEST_SITE.id, { id: 'refunds', lang: 'en', tags: [], title: 'Refunds', body: 'A refund goes back by the same payment method.' })
  store.kb.add(TEST_SITE.id, { id: 'shipping', lang: 'en', tags: [], title: 'Shipping', body: 'Orders ship in two days.' })
  store.kb.add(TEST_SITE.id, { id: 'payments', lang: 'en', tags: [], title: 'Payment methods', body: 'Cards and bank transfer.' })
  store.kb.add(LOCKED_SITE.id, { id: 'locked-only', lang: 'en', tags: [], title: 'Locked shop help', body: 'Only for the locked shop.' })
}

describe('self-service over the sockets', () => {
  let tmp: ReturnType<typeof tempDir>
  let relay: Relay
  let wsUrl: string

  before(async () => {
    tmp = tempDir()
    const db = seededDb(tmp.dir)
    const store = openStore(db)
    addArticles(store)
    store.close()
    relay = await startRelay(db)
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  async function visitor(): Promise<TestSocket> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: TEST_SITE.id })
    await socket.next('welcome')
    return socket
  }

  /** What an operator opening the conversation is shown of the articles. */
  async function seenByOperator(conv: string): Promise<SeenArticle[]> {
    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    agent.send({ type: 'open', conv })
    const history = await agent.next('history')
    agent.close()
    return history.articles
  }

  it("shows the operator what the visitor read before asking, in order, with the answer they gave, and only the site's own articles", async () => {
    const socket = await visitor()
    socket.send({ type: 'kb_feedback', article: 'refunds', helped: false })
    socket.send({ type: 'msg', cid: cid('first'), text: 'My refund has not arrived', articles: ['shipping', 'refunds', 'no-such-article', 'locked-only'] })
    const { conv } = await socket.next('ack')
    assert.deepEqual(await seenByOperator(conv), [
      { id: 'shipping', title: 'Shipping', helped: null },
      { id: 'refunds', title: 'Refunds', helped: false },
    ])

    // Later messages add what was read meanwhile; an answer given while the chat is open shows at once.
    socket.send({ type: 'msg', cid: cid('second'), text: 'Also, how can I pay?', articles: ['payments', 'shipping'] })
    await socket.next('ack')
    socket.send({ type: 'kb_feedback', article: 'shipping', helped: true })
    // Writes commit in the order they came: once this message is acked, the answer is stored.
    socket.send({ type: 'msg', cid: cid('third'), text: 'Thanks' })
    await socket.next('ack')
    assert.deepEqual(await seenByOperator(conv), [
      { id: 'shipping', title: 'Shipping', helped: true },
      { id: 'refunds', title: 'Refunds', helped: false },
      { id: 'payments', title: 'Payment methods', helped: null },
    ])
    socket.close()
  })

  it('attaches an answer given before asking to the conversation the next message starts, articles named or not', async () => {
    const socket = await visitor()
    socket.send({ type: 'kb_feedback', article: 'payments', helped: true })
    socket.send({ type: 'msg', cid: cid('plain'), text: 'One more question' })
    const { conv } = await socket.next('ack')
    assert.deepEqual(await seenByOperator(conv), [{ id: 'payments', title: 'Payment methods', helped: true }])
    socket.close()
  })

  it('shows an empty list for a conversation started without reading anything', async () => {
    const socket = await visitor()
    socket.send({ type: 'msg', cid: cid('nothing'), text: 'Straight to a person' })
    assert.deepEqual(await seenByOperator((await socket.next('ack')).conv), [])
    socket.close()
  })

  it('refuses a kb_feedback that is malformed or comes before hello, naming the field, and keeps the socket', async () => {
    const early = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    early.send({ type: 'kb_feedback', article: 'refunds', helped: true })
    assert.equal((await early.next('error')).code, 'not_ready')
    early.close()

    const socket = await visitor()
    for (const frame of [{ article: 'refunds', helped: 'yes' }, { article: 'refunds' }, { article: 'a b', helped: true }, { article: 'x'.repeat(65), helped: false }]) {
      socket.send({ type: 'kb_feedback', ...frame })
      const error = await socket.next('error')
      assert.equal(error.code, 'bad_field', JSON.stringify(frame))
    }
    socket.send({ type: 'msg', cid: cid('eleven'), text: 'hi', articles: Array.from({ length: 11 }, (_, i) => `a${i}`) })
    assert.deepEqual(await socket.next('error').then((e) => [e.code, e.cid]), ['bad_field', cid('eleven')])
    socket.send({ type: 'ping' })
    await socket.next('pong')
    socket.close()
  })
})

describe('kb_feedback under the frame limits', () => {
  it('is refused as rate_limited past the visitor burst, like any frame, and stores nothing then', async () => {
    const tmp = tempDir()
    const db = seededDb(tmp.dir)
    const seed = openStore(db)
    addArticles(seed)
    seed.close()
    const relay = await startRelay(db, { frameRates: { visitor: { perSecond: 0.01, burst: 2 }, connection: { perSecond: 1000, burst: 1000 } } })
    try {
      const socket = await openSocket(`${relay.url.replace('http', 'ws')}${WS_PATH.visitor}`)
      socket.send({ type: 'hello', site: TEST_SITE.id })
      await socket.next('welcome')
      socket.send({ type: 'kb_feedback', article: 'refunds', helped: true })
      socket.send({ type: 'kb_feedback', article: 'shipping', helped: true })
      socket.send({ type: 'kb_feedback', article: 'payments', helped: true })
      const error = await socket.next('error')
      assert.equal(error.code, 'rate_limited')
      assert.ok(error.retryAfter > 0)
      socket.close()
    } finally {
      await relay.close()
    }
    const store = openStore(db)
    assert.deepEqual(store.kbUse.stats(TEST_SITE.id).articles.map((a) => a.id).sort(), ['refunds', 'shipping'])
    store.close()
    tmp.remove()
  })
})

describe('GET /agent/api/kb/stats', () => {
  let tmp: ReturnType<typeof tempDir>
  let relay: Relay

  before(async () => {
    tmp = tempDir()
    const db = seededDb(tmp.dir)
    const store = openStore(db)
    addArticles(store)
    store.agents.add({ id: SUPERVISOR.id, name: 'Sue', passwordHash: hashPassword(SUPERVISOR.password), skills: [], capacity: 4, role: 'supervisor', sites: [TEST_SITE.id, LOCKED_SITE.id] })
    store.agents.add({ id: LOCKED_AGENT.id, name: 'Lena', passwordHash: hashPassword(LOCKED_AGENT.password), skills: [], capacity: 4, role: 'agent', sites: [LOCKED_SITE.id] })
    const answers: [string, string, string, boolean][] = [
      ['v1', TEST_SITE.id, 'refunds', true],
      ['v2', TEST_SITE.id, 'refunds', true],
      ['v3', TEST_SITE.id, 'refunds', false],
      ['v1', TEST_SITE.id, 'shipping', false],
      ['v4', LOCKED_SITE.id, 'locked-only', true],
    ]
    for (const [visitor, site, article, helped] of answers) {
      if (!store.visitors.get(visitor)) store.visitors.add({ id: visitor, siteId: site, tokenHash: `hash-${visitor}` })
      assert.ok(store.kbUse.answer({ visitor, site, article, helped, conv: null }))
    }
    // The latest answer of a visitor counts, once: v2 changes their mind.
    store.kbUse.answer({ visitor: 'v2', site: TEST_SITE.id, article: 'refunds', helped: true, conv: null })
    store.close()
    relay = await startRelay(db)
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  const stats = async (query: string, cookie?: string) => fetch(`${relay.url}/agent/api/kb/stats${query}`, { headers: cookie ? { Cookie: cookie } : {} })

  it("counts an operator's site: deflections, and each answered article, most answered first", async () => {
    const res = await stats(`?site=${TEST_SITE.id}`, await loginCookie(relay))
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('Cache-Control'), 'no-store')
    assert.deepEqual(await res.json(), {
      deflections: 2,
      articles: [
        { id: 'refunds', title: 'Refunds', site: TEST_SITE.id, helped: 2, notHelped: 1 },
        { id: 'shipping', title: 'Shipping', site: TEST_SITE.id, helped: 0, notHelped: 1 },
      ],
    })
  })

  it('gives a supervisor every site they serve at once', async () => {
    const body = (await (await stats('', await loginCookie(relay, SUPERVISOR.id, SUPERVISOR.password))).json()) as { deflections: number; articles: { id: string }[] }
    assert.equal(body.deflections, 3)
    assert.deepEqual(body.articles.map((a) => a.id).sort(), ['locked-only', 'refunds', 'shipping'])
  })

  it('refuses a site the operator does not serve, a missing site for an operator, and a caller not logged in', async () => {
    const lena = await loginCookie(relay, LOCKED_AGENT.id, LOCKED_AGENT.password)
    assert.equal((await stats(`?site=${TEST_SITE.id}`, lena)).status, 404)
    assert.deepEqual(await (await stats(`?site=${LOCKED_SITE.id}`, lena)).json(), { deflections: 1, articles: [{ id: 'locked-only', title: 'Locked shop help', site: LOCKED_SITE.id, helped: 1, notHelped: 0 }] })
    const missing = await stats('', lena)
    assert.equal(missing.status, 400)
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'bad_field')
    assert.equal((await stats(`?site=${TEST_SITE.id}`)).status, 401)
  })
})

describe('kb use in the store', () => {
  let tmp: ReturnType<typeof tempDir>
  let path: string
  let store: Store
  const NOW = Date.UTC(2025, 5, 1)
  const MARKER = 'qx-kbuse-93fa'

  before(() => {
    tmp = tempDir()
    path = seededDb(tmp.dir)
    store = openStore(path)
    addArticles(store)
  })
  after(() => {
    store.close()
    tmp.remove()
  })

  it('leaves an answer older than FEEDBACK_ATTACH_MS out of the next conversation, and counts it still', () => {
    store.visitors.add({ id: 'old-answer', siteId: TEST_SITE.id, tokenHash: 'hash-old-answer' }, NOW)
    store.kbUse.answer({ visitor: 'old-answer', site: TEST_SITE.id, article: 'refunds', helped: false, conv: null }, NOW)
    store.conversations.create({ id: 'old-answer-conv', siteId: TEST_SITE.id, visitorId: 'old-answer', epoch: 'e1' }, NOW + FEEDBACK_ATTACH_MS + 1)
    store.kbUse.readBeforeAsking({ conv: 'old-answer-conv', site: TEST_SITE.id, visitor: 'old-answer', articles: [] }, NOW + FEEDBACK_ATTACH_MS + 1)
    assert.deepEqual(store.kbUse.seenIn('old-answer-conv'), [])
    assert.equal(store.kbUse.stats(TEST_SITE.id).articles.find((a) => a.id === 'refunds')?.notHelped, 1)
  })

  it("keeps the answers to a removed article, under its id, and the title the visitor read", () => {
    store.kb.add(TEST_SITE.id, { id: 'retired', lang: 'en', tags: [], title: 'Retired article', body: 'Soon gone.' })
    store.visitors.add({ id: 'reader', siteId: TEST_SITE.id, tokenHash: 'hash-reader' }, NOW)
    store.conversations.create({ id: 'reader-conv', siteId: TEST_SITE.id, visitorId: 'reader', epoch: 'e1' }, NOW)
    store.kbUse.answer({ visitor: 'reader', site: TEST_SITE.id, article: 'retired', helped: true, conv: 'reader-conv' }, NOW)
    assert.ok(store.kb.remove(TEST_SITE.id, 'retired'))
    assert.deepEqual(store.kbUse.seenIn('reader-conv'), [{ id: 'retired', title: 'Retired article', helped: true }])
    assert.deepEqual(store.kbUse.stats(TEST_SITE.id).articles.find((a) => a.id === 'retired'), { id: 'retired', title: 'retired', site: TEST_SITE.id, helped: 1, notHelped: 0 })
    assert.equal(store.kbUse.answer({ visitor: 'reader', site: TEST_SITE.id, article: 'retired', helped: false, conv: null }), false, 'no new answers to it')
  })

  it("puts what a visitor read and answered in their export", () => {
    const visitor = 'exported-reader'
    store.visitors.add({ id: visitor, siteId: TEST_SITE.id, tokenHash: 'hash-exported-reader' }, NOW)
    store.conversations.create({ id: 'exported-conv', siteId: TEST_SITE.id, visitorId: visitor, epoch: 'e1' }, NOW)
    store.kbUse.answer({ visitor, site: TEST_SITE.id, article: 'shipping', helped: false, conv: null }, NOW)
    store.kbUse.readBeforeAsking({ conv: 'exported-conv', site: TEST_SITE.id, visitor, articles: ['refunds'] }, NOW + 1)
    const data = store.privacy.exportVisitor(visitor, NOW + 2)!
    assert.deepEqual(data.articleAnswers, [{ article: 'shipping', helped: false, at: new Date(NOW).toISOString() }])
    // In the order read: the answered article first, then the one named with the question.
    assert.deepEqual(data.conversations[0]!.articlesRead, [
      { id: 'shipping', title: 'Shipping', helped: false },
      { id: 'refunds', title: 'Refunds', helped: null },
    ])
  })

  it('erases what a visitor read and answered with their conversation, with them, and by the retention purge', () => {
    const visitor = `${MARKER}-visitor`
    store.visitors.add({ id: visitor, siteId: TEST_SITE.id, tokenHash: `hash-${MARKER}` }, NOW)
    store.conversations.create({ id: `${MARKER}-conv`, siteId: TEST_SITE.id, visitorId: visitor, epoch: 'e1' }, NOW)
    store.kbUse.answer({ visitor, site: TEST_SITE.id, article: 'shipping', helped: false, conv: null }, NOW)
    store.kbUse.readBeforeAsking({ conv: `${MARKER}-conv`, site: TEST_SITE.id, visitor, articles: ['refunds'] }, NOW)
    store.kbUse.answer({ visitor, site: TEST_SITE.id, article: 'payments', helped: true, conv: null }, NOW) // pending: no conversation shows it yet
    assert.equal(store.kbUse.seenIn(`${MARKER}-conv`).length, 2)
    assert.equal(store.kbUse.feedbackOf(visitor).length, 2)

    assert.ok(store.privacy.deleteVisitor(visitor))
    assert.deepEqual(store.kbUse.seenIn(`${MARKER}-conv`), [])
    assert.deepEqual(store.kbUse.feedbackOf(visitor), [])
    store.privacy.scrub({ vacuum: true })
    store.close()
    assert.equal(databaseBytes(path).toString('latin1').includes(MARKER), false, 'the visitor id is still in the file')
    store = openStore(path)

    // Retention: an idle conversation goes with what was read in it; an idle visitor with their answers.
    const old = NOW - 400 * 24 * 3600_000
    store.visitors.add({ id: 'idle', siteId: TEST_SITE.id, tokenHash: 'hash-idle' }, old)
    store.conversations.create({ id: 'idle-conv', siteId: TEST_SITE.id, visitorId: 'idle', epoch: 'e1' }, old)
    store.kbUse.readBeforeAsking({ conv: 'idle-conv', site: TEST_SITE.id, visitor: 'idle', articles: ['shipping'] }, old)
    store.kbUse.answer({ visitor: 'idle', site: TEST_SITE.id, article: 'refunds', helped: true, conv: null }, old)
    store.privacy.purge(old + 1)
    assert.equal(store.visitors.get('idle'), undefined)
    assert.deepEqual(store.kbUse.seenIn('idle-conv'), [])
    assert.deepEqual(store.kbUse.feedbackOf('idle'), [])
  })
})
