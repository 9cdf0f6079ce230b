/**
 * The REST API (issue 8) against a real relay on port 0 and a real SQLite file: bearer tokens
 * (missing, wrong, revoked, another site's), listing and reading with paging, writing as a bot or
 * an operator (live on the visitor's WebSocket, stored once by cid, recorded for webhooks),
 * closing, ratings and the visitor export.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import {
  API_MAX_BODY_BYTES,
  MAX_TEXT_LENGTH,
  WS_PATH,
  type ApiConversationsPage,
  type ApiPosted,
  type ApiRatingsPage,
  type ApiTranscript,
  type VisitorExport,
} from '../protocol/index.js'
import { hashPassword, hashToken, randomToken } from './secrets.js'
import type { Relay } from './server.js'
import { openStore } from './store/index.js'
import { LOCKED_SITE, TEST_AGENT, TEST_SITE, loginCookie, openSocket, seedVisitorHistory, seededDb, startRelay, tempDir, type TestSocket } from './testing.js'

const cid = (n: string) => `rest-${n}`.padEnd(12, '0')

interface Answer<T = any> {
  status: number
  headers: Headers
  body: T
}

describe('REST API', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let relay: Relay
  let wsUrl: string
  const shopToken = `prl_${randomToken()}`
  const lockedToken = `prl_${randomToken()}`
  const revokedToken = `prl_${randomToken()}`
  let revokedId: string
  /** A conversation and visitor of the locked site, with a rating and an operator who handled it. */
  const lockedVisitor = 'locked-visitor'
  let lockedConv: string
  const sockets: TestSocket[] = []

  before(async () => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
    const store = openStore(db)
    store.agents.add({ id: 'bob', name: 'Bob', passwordHash: hashPassword('bob password'), skills: [], capacity: 4, role: 'agent', sites: [LOCKED_SITE.id] })
    store.apiTokens.add({ siteId: TEST_SITE.id, name: 'ci', tokenHash: hashToken(shopToken) })
    store.apiTokens.add({ siteId: LOCKED_SITE.id, name: 'other shop', tokenHash: hashToken(lockedToken) })
    revokedId = store.apiTokens.add({ siteId: TEST_SITE.id, name: 'old', tokenHash: hashToken(revokedToken) }).id
    // Nothing listens on port 9: deliveries stay in the outbox, where the test reads what was recorded.
    store.webhooks.add({ siteId: TEST_SITE.id, url: 'http://127.0.0.1:9/hook', secret: 'receiver-secret-0123456789', events: [] })
    lockedConv = seedVisitorHistory(store, { id: lockedVisitor, site: LOCKED_SITE.id, agent: 'bob', marker: 'locked' }).conv
    store.close()
    relay = await startRelay(db)
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    for (const socket of sockets) socket.close()
    await relay.close()
    tmp.remove()
  })

  async function api<T = any>(path: string, options: { token?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers }
    const token = options.token === undefined ? shopToken : options.token
    if (token !== null) headers.Authorization = `Bearer ${token}`
    if (options.body !== undefined && typeof options.body !== 'string') headers['Content-Type'] = 'application/json'
    const res = await fetch(`${relay.url}/v1/api${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body !== undefined && { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    })
    return { status: res.status, headers: res.headers, body: (await res.json()) as T }
  }

  /** A visitor of the shop who has written once: their conversation waits in the queue. */
  async function visitorWithConversation(name: string): Promise<{ socket: TestSocket; visitor: string; token: string; conv: string }> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    sockets.push(socket)
    socket.send({ type: 'hello', site: TEST_SITE.id })
    const { visitor, token } = await socket.next('welcome')
    socket.send({ type: 'msg', cid: cid(`${name}-first`), text: `Hello from ${name}` })
    const { conv } = await socket.next('ack')
    return { socket, visitor, token, conv }
  }

  async function stateWhere(socket: TestSocket, match: (state: Record<string, any>) => boolean): Promise<Record<string, any>> {
    for (;;) {
      const state = await socket.next('state')
      if (match(state)) return state
    }
  }

  /** The message.created events recorded for webhooks, as their receivers will get them. */
  function recordedMessages(): Record<string, any>[] {
    const file = new Database(db, { readonly: true })
    try {
      const rows = file.prepare(`SELECT payload FROM webhook_outbox WHERE type = 'message.created'`).all() as { payload: string }[]
      return rows.map((row) => JSON.parse(row.payload).data.message)
    } finally {
      file.close()
    }
  }

  describe('auth', () => {
    const ROUTES = [
      ['GET', '/conversations'],
      ['GET', '/conversations/anything'],
      ['POST', '/conversations/anything/messages'],
      ['POST', '/conversations/anything/close'],
      ['GET', '/ratings'],
      ['GET', '/visitors/anything/export'],
      ['GET', '/no-such-route'],
    ] as const

    it('refuses every route without a token: 401 with a Bearer challenge', async () => {
      for (const [method, path] of ROUTES) {
        const res = await api(path, { token: null, method, ...(method === 'POST' && { body: { text: 'hi', as: 'bot' } }) })
        assert.equal(res.status, 401, `${method} ${path}`)
        assert.equal(res.body.error.code, 'unauthorized')
        assert.equal(res.headers.get('WWW-Authenticate'), 'Bearer realm="parley"')
      }
    })

    it('refuses an unknown token, a malformed header and a session cookie alike', async () => {
      for (const headers of [{ Authorization: `Bearer prl_${randomToken()}` }, { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, { Authorization: 'Bearer' }]) {
        const res = await api('/conversations', { token: null, headers })
        assert.equal(res.status, 401, headers.Authorization)
        assert.equal(res.headers.get('WWW-Authenticate'), 'Bearer realm="parley", error="invalid_token"')
      }
      const cookie = await api('/conversations', { token: null, headers: { Cookie: await loginCookie(relay) } })
      assert.equal(cookie.status, 401)
    })

    it('refuses a token from the moment it is revoked, in a running relay', async () => {
      assert.equal((await api('/conversations', { token: revokedToken })).status, 200)
      const store = openStore(db)
      try {
        assert.equal(store.apiTokens.revoke(revokedId), true)
        assert.notEqual(store.apiTokens.get(revokedId)?.lastUsedAt, null)
      } finally {
        store.close()
      }
      const res = await api('/conversations', { token: revokedToken })
      assert.equal(res.status, 401)
      assert.equal(res.body.error.code, 'unauthorized')
    })

    it("answers not_found for another site's conversation and visitor on every route, and changes nothing", async () => {
      const { conv, visitor } = await visitorWithConversation('foreign')
      const tries = [
        api(`/conversations/${conv}`, { token: lockedToken }),
        api(`/conversations/${conv}/messages`, { token: lockedToken, body: { text: 'Not yours', as: 'bot' } }),
        api(`/conversations/${conv}/messages`, { token: lockedToken, body: { text: 'Not yours', as: { agent: 'bob' } } }),
        api(`/conversations/${conv}/close`, { token: lockedToken, method: 'POST' }),
        api(`/visitors/${visitor}/export`, { token: lockedToken }),
        api(`/conversations/${lockedConv}`),
        api(`/conversations/${lockedConv}/close`, { method: 'POST' }),
        api(`/visitors/${lockedVisitor}/export`),
      ]
      for (const res of await Promise.all(tries)) {
        assert.equal(res.status, 404)
        assert.equal(res.body.error.code, 'not_found')
      }
      const listed = await api<ApiConversationsPage>('/conversations?limit=100', { token: lockedToken })
      assert.deepEqual(listed.body.conversations.map((c) => c.id), [lockedConv])
      const mine = await api<ApiTranscript>(`/conversations/${conv}`)
      assert.equal(mine.body.conversation.status, 'waiting')
      assert.equal(mine.body.conversation.lastSeq, 1)
    })
  })

  describe('reading', () => {
    it('lists the conversations of its site newest first, page by page', async () => {
      const started = []
      for (const name of ['list-a', 'list-b', 'list-c']) started.push((await visitorWithConversation(name)).conv)
      const seen: string[] = []
      let before: string | null = null
      for (;;) {
        const query: string = before === null ? '?limit=2' : `?limit=2&before=${before}`
        const page: Answer<ApiConversationsPage> = await api<ApiConversationsPage>(`/conversations${query}`)
        assert.equal(page.status, 200)
        assert.equal(page.headers.get('Cache-Control'), 'no-store')
        assert.ok(page.body.conversations.length <= 2)
        seen.push(...page.body.conversations.map((c) => c.id))
        before = page.body.next
        if (before === null) break
      }
      assert.equal(new Set(seen).size, seen.length, 'no conversation twice')
      assert.ok(!seen.includes(lockedConv))
      // The three just started are the newest, in reverse order.
      assert.deepEqual(seen.slice(0, 3), [...started].reverse())
      const first = (await api<ApiConversationsPage>('/conversations?limit=1')).body.conversations[0]!
      assert.deepEqual(Object.keys(first).sort(), ['agentId', 'closedAt', 'contactEmail', 'createdAt', 'department', 'id', 'lastSeq', 'priority', 'rating', 'status', 'updatedAt', 'visitorId'])
      assert.equal(first.status, 'waiting')
    })

    it('filters by status and refuses bad paging with a reason', async () => {
      const closed = await api<ApiConversationsPage>('/conversations?status=closed')
      assert.equal(closed.status, 200)
      assert.ok(closed.body.conversations.every((c) => c.status === 'closed'))
      for (const query of ['?status=done', '?limit=0', '?limit=101', '?limit=ten', `?before=${lockedConv}`, '?before=no-such']) {
        const res = await api(`/conversations${query}`)
        assert.equal(res.status, 400, query)
        assert.equal(res.body.error.code, 'bad_field', query)
      }
    })

    it('reads a transcript, paged by seq', async () => {
      const { socket, conv } = await visitorWithConversation('transcript')
      for (const n of [2, 3, 4]) {
        socket.send({ type: 'msg', cid: cid(`transcript-${n}`), text: `Line ${n}` })
        await socket.next('ack')
      }
      const first = await api<ApiTranscript>(`/conversations/${conv}?limit=3`)
      assert.equal(first.status, 200)
      assert.equal(first.body.conversation.id, conv)
      assert.equal(first.body.conversation.lastSeq, 4)
      assert.deepEqual(first.body.messages.map((m) => m.seq), [1, 2, 3])
      assert.equal(first.body.more, true)
      assert.deepEqual({ ...first.body.messages[1]!, at: 0 }, { seq: 2, cid: cid('transcript-2'), from: 'visitor', agent: null, name: null, text: 'Line 2', at: 0, event: null })
      const rest = await api<ApiTranscript>(`/conversations/${conv}?after=3&limit=3`)
      assert.deepEqual(rest.body.messages.map((m) => m.text), ['Line 4'])
      assert.equal(rest.body.more, false)
      assert.equal((await api(`/conversations/${conv}?after=-1`)).status, 400)
      assert.equal((await api(`/conversations/${conv}?limit=501`)).status, 400)
    })
  })

  describe('writing', () => {
    it("posts as a bot: the visitor sees it live under the bot's name, and it is stored once by cid", async () => {
      const { socket, conv, token } = await visitorWithConversation('bot')
      const body = { text: 'I am the order bot. Your parcel left today.', cid: cid('bot-1'), as: 'bot', name: 'Order bot' }
      const posted = await api<ApiPosted>(`/conversations/${conv}/messages`, { body })
      assert.equal(posted.status, 201)
      assert.deepEqual({ ...posted.body.message, at: 0 }, { seq: 2, cid: cid('bot-1'), from: 'agent', agent: null, name: 'Order bot', text: body.text, at: 0, event: null })
      // Writing through the API never assigns: the conversation still waits for an operator.
      assert.equal(posted.body.conversation.status, 'waiting')
      const live = await socket.next('msg')
      assert.deepEqual({ ...live.message, at: 0 }, { conv, seq: 2, cid: cid('bot-1'), from: 'agent', name: 'Order bot', text: body.text, at: 0 })

      const again = await api<ApiPosted>(`/conversations/${conv}/messages`, { body })
      assert.equal(again.status, 200)
      assert.equal(again.body.message.seq, 2)
      // The retry reached nobody: the next message the visitor gets is the next one posted.
      await api(`/conversations/${conv}/messages`, { body: { text: 'Anything else?', cid: cid('bot-2'), as: 'bot' } })
      const next = await socket.next('msg')
      assert.equal(next.message.cid, cid('bot-2'))
      assert.equal(next.message.name, 'Bot')
      const transcript = await api<ApiTranscript>(`/conversations/${conv}`)
      assert.deepEqual(transcript.body.messages.map((m) => m.cid), [cid('bot-first'), cid('bot-1'), cid('bot-2')])

      // A page reloaded later replays it under the same name.
      const reloaded = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
      sockets.push(reloaded)
      reloaded.send({ type: 'hello', site: TEST_SITE.id, token })
      const welcome = await reloaded.next('welcome')
      assert.deepEqual(welcome.messages.map((m: { name?: string }) => m.name ?? null), [null, 'Order bot', 'Bot'])
      const recorded = recordedMessages().find((m) => m.cid === cid('bot-1'))
      assert.deepEqual({ ...recorded, at: 0 }, { seq: 2, cid: cid('bot-1'), from: 'agent', agent: null, text: body.text, at: 0, event: null })
      assert.equal(recordedMessages().filter((m) => m.cid === cid('bot-1')).length, 1)
    })

    it('posts as an operator of the site: their name, live to the visitor and to an operator who has it open', async () => {
      const { socket, conv } = await visitorWithConversation('operator')
      const bob = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay, 'bob', 'bob password') })
      sockets.push(bob)
      bob.send({ type: 'hello' })
      await bob.next('welcome')
      // Bob serves the other site only: he may not speak here, and cannot open it either.
      const refused = await api(`/conversations/${conv}/messages`, { body: { text: 'Hi', as: { agent: 'bob' } } })
      assert.equal(refused.status, 400)
      assert.equal(refused.body.error.code, 'bad_field')
      const unknown = await api(`/conversations/${conv}/messages`, { body: { text: 'Hi', as: { agent: 'nobody' } } })
      assert.equal(unknown.status, 400)

      const posted = await api<ApiPosted>(`/conversations/${conv}/messages`, { body: { text: 'Alice here, checking now.', cid: cid('op-1'), as: { agent: TEST_AGENT.id } } })
      assert.equal(posted.status, 201)
      assert.deepEqual(posted.body.message.agent, { id: TEST_AGENT.id, name: TEST_AGENT.name })
      assert.equal(posted.body.message.name, TEST_AGENT.name)
      const live = await socket.next('msg')
      assert.equal(live.message.name, TEST_AGENT.name)
      assert.equal(live.message.from, 'agent')
      const recorded = recordedMessages().find((m) => m.cid === cid('op-1'))
      assert.deepEqual(recorded?.agent, { id: TEST_AGENT.id, name: TEST_AGENT.name })
    })

    it('shows a bot message on the agent page like an operator message', async () => {
      const { conv } = await visitorWithConversation('watched')
      const alice = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
      sockets.push(alice)
      alice.send({ type: 'hello' })
      await alice.next('welcome')
      alice.send({ type: 'open', conv })
      await alice.next('history')
      await api(`/conversations/${conv}/messages`, { body: { text: 'Bot reply', cid: cid('watched-1'), as: 'bot', name: 'Helper' } })
      for (;;) {
        const frame = await alice.next('msg')
        if (frame.message.cid !== cid('watched-1')) continue
        assert.equal(frame.message.from, 'agent')
        assert.equal(frame.message.name, 'Helper')
        break
      }
      alice.close()
    })

    it('refuses bad bodies with a reason and stores nothing', async () => {
      const { conv } = await visitorWithConversation('bad')
      const cases: [unknown, number, string][] = [
        [{ text: 'no author' }, 400, 'bad_field'],
        [{ text: 'x', as: 'operator' }, 400, 'bad_field'],
        [{ text: 'x', as: { agent: 42 } }, 400, 'bad_field'],
        [{ text: 'x', as: { agent: TEST_AGENT.id }, name: 'Not Alice' }, 400, 'bad_field'],
        [{ text: 'x', as: 'bot', name: ' ' }, 400, 'bad_field'],
        [{ text: '   ', as: 'bot' }, 400, 'bad_field'],
        [{ text: 'x', as: 'bot', cid: 'short' }, 400, 'bad_field'],
        [{ text: 'x'.repeat(MAX_TEXT_LENGTH + 1), as: 'bot' }, 413, 'too_large'],
        ['{"text":', 400, 'bad_json'],
        [['not', 'an', 'object'], 400, 'bad_frame'],
      ]
      for (const [body, status, code] of cases) {
        const res = await api(`/conversations/${conv}/messages`, { body, ...(typeof body === 'string' && { headers: { 'Content-Type': 'application/json' } }) })
        assert.equal(res.status, status, JSON.stringify(body).slice(0, 80))
        assert.equal(res.body.error.code, code, JSON.stringify(body).slice(0, 80))
      }
      const form = await api(`/conversations/${conv}/messages`, { body: 'text=hi', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      assert.equal(form.status, 400)
      const huge = await api(`/conversations/${conv}/messages`, { body: { text: 'x', as: 'bot', pad: 'y'.repeat(API_MAX_BODY_BYTES) } })
      assert.equal(huge.status, 413)
      // Another conversation's cid is refused too: a cid is unique forever.
      const other = await visitorWithConversation('bad-other')
      const taken = await api(`/conversations/${conv}/messages`, { body: { text: 'x', cid: cid('bad-other-first'), as: 'bot' } })
      assert.equal(taken.status, 400)
      assert.equal((await api<ApiTranscript>(`/conversations/${conv}`)).body.conversation.lastSeq, 1)
      assert.equal((await api<ApiTranscript>(`/conversations/${other.conv}`)).body.conversation.lastSeq, 1)
    })

    it('closes as a bot: the visitor sees it closed and can rate; closing again changes nothing', async () => {
      const { socket, conv } = await visitorWithConversation('close')
      const closed = await api(`/conversations/${conv}/close`, { body: { as: 'bot', name: 'Order bot' } })
      assert.equal(closed.status, 200)
      assert.equal(closed.body.conversation.status, 'closed')
      assert.equal(typeof closed.body.conversation.closedAt, 'number')
      const line = await socket.next('msg')
      assert.deepEqual(line.message.event, { kind: 'closed', by: 'agent', agent: 'Order bot' })
      await stateWhere(socket, (s) => s.status === 'closed')

      const again = await api(`/conversations/${conv}/close`, { method: 'POST' })
      assert.equal(again.status, 200)
      assert.equal(again.body.conversation.lastSeq, closed.body.conversation.lastSeq)
      const late = await api(`/conversations/${conv}/messages`, { body: { text: 'Too late', as: 'bot' } })
      assert.equal(late.status, 403)
      assert.equal(late.body.error.code, 'forbidden')
      assert.equal((await api(`/conversations/${conv}/close`, { body: { as: 'robot' } })).status, 400)
    })

    it('closes as an operator, and with no body as a bot named Bot', async () => {
      const a = await visitorWithConversation('close-op')
      await api(`/conversations/${a.conv}/close`, { body: { as: { agent: TEST_AGENT.id } } })
      assert.deepEqual((await a.socket.next('msg')).message.event, { kind: 'closed', by: 'agent', agent: TEST_AGENT.name })
      const b = await visitorWithConversation('close-bare')
      const bare = await fetch(`${relay.url}/v1/api/conversations/${b.conv}/close`, { method: 'POST', headers: { Authorization: `Bearer ${shopToken}` } })
      assert.equal(bare.status, 200)
      assert.deepEqual((await b.socket.next('msg')).message.event, { kind: 'closed', by: 'agent', agent: 'Bot' })
    })
  })

  describe('ratings and export', () => {
    it("reads the site's ratings since a time, and only its own", async () => {
      const { socket, conv } = await visitorWithConversation('rated')
      await api(`/conversations/${conv}/close`, { method: 'POST' })
      await stateWhere(socket, (s) => s.status === 'closed')
      socket.send({ type: 'rate', conv, score: 5, comment: 'Quick answer' })
      await stateWhere(socket, (s) => s.rating !== null)

      const all = await api<ApiRatingsPage>('/ratings')
      assert.equal(all.status, 200)
      const mine = all.body.ratings.find((r) => r.conversationId === conv)
      assert.deepEqual({ ...mine, createdAt: 0 }, { conversationId: conv, visitorId: mine?.visitorId, score: 5, comment: 'Quick answer', agents: [], createdAt: 0 })
      assert.ok(!all.body.ratings.some((r) => r.conversationId === lockedConv))
      assert.equal(all.body.next, null)
      const later = await api<ApiRatingsPage>(`/ratings?since=${mine!.createdAt}`)
      assert.ok(!later.body.ratings.some((r) => r.conversationId === conv))
      const other = await api<ApiRatingsPage>('/ratings', { token: lockedToken })
      assert.deepEqual(other.body.ratings.map((r) => [r.conversationId, r.agents]), [[lockedConv, ['bob']]])
      assert.equal((await api('/ratings?since=yesterday')).status, 400)
      // The conversation shows its rating too.
      assert.deepEqual((await api<ApiTranscript>(`/conversations/${conv}`)).body.conversation.rating, { score: 5, comment: 'Quick answer' })
    })

    it("exports a visitor of its site, as parley visitor export does", async () => {
      const res = await api<VisitorExport>(`/visitors/${lockedVisitor}/export`, { token: lockedToken })
      assert.equal(res.status, 200)
      assert.equal(res.body.format, 'parley-visitor-export/1')
      assert.equal(res.body.visitor.site, LOCKED_SITE.id)
      assert.deepEqual(res.body.conversations.map((c) => c.id), [lockedConv])
      assert.equal(res.body.conversations[0]!.messages.length, 2)
      assert.equal((await api('/visitors/no-such-visitor/export', { token: lockedToken })).status, 404)
    })
  })
})
