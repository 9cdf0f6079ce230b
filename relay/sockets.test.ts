import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { CLOSE, MAX_FRAME_BYTES, MAX_TEXT_LENGTH, WS_PATH } from '../protocol/index.js'
import type { Relay } from './server.js'
import { openStore } from './store/index.js'
import { LOCKED_SITE, TEST_AGENT, TEST_SITE, loginCookie, openSocket, seededDb, startRelay, tempDir, type TestSocket } from './testing.js'

const cid = (n: number | string) => `test-cid-${n}`.padEnd(12, '0')

describe('relay sockets', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let relay: Relay
  let wsUrl: string

  before(async () => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
    relay = await startRelay(db)
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  /** Reads the file the way an outsider would: what is really committed. */
  function storedMessages(): { seq: number; cid: string; text: string; conversation_id: string }[] {
    const reader = new Database(db, { readonly: true })
    try {
      return reader.prepare('SELECT conversation_id, seq, cid, text FROM messages ORDER BY rowid').all() as never
    } finally {
      reader.close()
    }
  }

  async function visitor(token?: string): Promise<{ socket: TestSocket; welcome: Record<string, any> }> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: TEST_SITE.id, ...(token && { token }) })
    return { socket, welcome: await socket.next('welcome') }
  }

  /** Proves the socket still works after a refused frame. */
  async function assertAlive(socket: TestSocket): Promise<void> {
    socket.send({ type: 'ping' })
    assert.equal((await socket.next('pong')).type, 'pong')
  }

  it('welcomes a new visitor with a token and acks a message after storing it', async () => {
    const { socket, welcome } = await visitor()
    assert.match(welcome.token, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(welcome.conv, null)
    socket.send({ type: 'msg', cid: cid('first'), text: 'Hello there' })
    const ack = await socket.next('ack')
    assert.equal(ack.seq, 1)
    assert.deepEqual(storedMessages().filter((m) => m.cid === cid('first')).map((m) => [m.seq, m.text]), [[1, 'Hello there']])
    socket.close()
  })

  it('answers malformed JSON with bad_json, stores nothing and keeps the socket', async () => {
    const { socket } = await visitor()
    const before = storedMessages().length
    socket.send('{"type":"msg", "cid": ')
    assert.equal((await socket.next('error')).code, 'bad_json')
    await assertAlive(socket)
    assert.equal(storedMessages().length, before)
    socket.close()
  })

  it('answers an unknown frame type with unknown_type', async () => {
    const { socket } = await visitor()
    socket.send({ type: 'delete_everything' })
    assert.equal((await socket.next('error')).code, 'unknown_type')
    await assertAlive(socket)
    socket.close()
  })

  it('answers wrong field types with bad_field and stores nothing', async () => {
    const { socket } = await visitor()
    const before = storedMessages().length
    socket.send({ type: 'msg', cid: cid('typed'), text: { html: '<b>' } })
    const error = await socket.next('error')
    assert.equal(error.code, 'bad_field')
    assert.equal(error.cid, cid('typed'))
    socket.send({ type: 'msg', cid: 42, text: 'hi' })
    assert.equal((await socket.next('error')).code, 'bad_field')
    await assertAlive(socket)
    assert.equal(storedMessages().length, before)
    socket.close()
  })

  it('refuses an over-long message with too_large, naming its cid, and stores nothing', async () => {
    const { socket } = await visitor()
    socket.send({ type: 'msg', cid: cid('long'), text: 'x'.repeat(MAX_TEXT_LENGTH + 1) })
    const error = await socket.next('error')
    assert.equal(error.code, 'too_large')
    assert.equal(error.cid, cid('long'))
    await assertAlive(socket)
    assert.equal(storedMessages().some((m) => m.cid === cid('long')), false)
    socket.close()
  })

  it('closes only the socket that sends a frame past MAX_FRAME_BYTES', async () => {
    const { socket } = await visitor()
    const bystander = await visitor()
    socket.send({ type: 'msg', cid: cid('huge'), text: 'x'.repeat(MAX_FRAME_BYTES) })
    assert.equal(await socket.closed, CLOSE.TOO_BIG)
    await assertAlive(bystander.socket)
    assert.equal((await fetch(`${relay.url}/healthz`)).status, 200)
    assert.equal(storedMessages().some((m) => m.cid === cid('huge')), false)
    bystander.socket.close()
  })

  it('answers frames before hello with not_ready and stores nothing', async () => {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    socket.send({ type: 'msg', cid: cid('early'), text: 'too soon' })
    const error = await socket.next('error')
    assert.equal(error.code, 'not_ready')
    assert.equal(error.cid, cid('early'))
    socket.send({ type: 'context', data: { plan: 'Gold' } })
    assert.equal((await socket.next('error')).code, 'not_ready')
    await assertAlive(socket)
    assert.equal(storedMessages().some((m) => m.cid === cid('early')), false)
    socket.close()
  })

  it('answers a binary frame with bad_frame', async () => {
    const { socket } = await visitor()
    socket.ws.send(Buffer.from([1, 2, 3]))
    assert.equal((await socket.next('error')).code, 'bad_frame')
    await assertAlive(socket)
    socket.close()
  })

  it('refuses an unknown site and closes with a code that says not to retry', async () => {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: 'no-such-site' })
    assert.equal((await socket.next('error')).code, 'unknown_site')
    assert.equal(await socket.closed, CLOSE.REFUSED)
  })

  it('accepts a page from an allowed origin and refuses any other origin', async () => {
    const allowed = await openSocket(`${wsUrl}${WS_PATH.visitor}`, { Origin: LOCKED_SITE.origin })
    allowed.send({ type: 'hello', site: LOCKED_SITE.id })
    assert.equal((await allowed.next('welcome')).type, 'welcome')
    allowed.close()

    for (const headers of [{ Origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
      const refused = await openSocket(`${wsUrl}${WS_PATH.visitor}`, headers)
      refused.send({ type: 'hello', site: LOCKED_SITE.id })
      assert.equal((await refused.next('error')).code, 'forbidden')
      assert.equal(await refused.closed, CLOSE.REFUSED)
    }
  })

  it('returns the original seq for a resent cid and stores one copy', async () => {
    const { socket } = await visitor()
    socket.send({ type: 'msg', cid: cid('twice'), text: 'once only' })
    const first = await socket.next('ack')
    socket.send({ type: 'msg', cid: cid('twice'), text: 'once only' })
    const second = await socket.next('ack')
    assert.equal(second.seq, first.seq)
    assert.equal(storedMessages().filter((m) => m.cid === cid('twice')).length, 1)
    socket.close()
  })

  it('replays the conversation to a visitor who comes back with their token', async () => {
    const first = await visitor()
    first.socket.send({ type: 'msg', cid: cid('r1'), text: 'one' })
    const ack1 = await first.socket.next('ack')
    first.socket.send({ type: 'msg', cid: cid('r2'), text: 'two' })
    await first.socket.next('ack')
    first.socket.close()

    const again = await visitor(first.welcome.token)
    assert.equal(again.welcome.visitor, first.welcome.visitor)
    assert.deepEqual(again.welcome.messages.map((m: { text: string }) => m.text), ['one', 'two'])
    again.socket.close()

    const resumed = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    resumed.send({ type: 'hello', site: TEST_SITE.id, token: first.welcome.token, conv: ack1.conv, epoch: again.welcome.epoch, lastSeq: 1 })
    const resumedWelcome = await resumed.next('welcome')
    assert.equal(resumedWelcome.reset, false)
    assert.deepEqual(resumedWelcome.messages.map((m: { text: string }) => m.text), ['two'])
    resumed.close()
  })

  it('shows one visitor tab the message written in another tab', async () => {
    const tab1 = await visitor()
    const tab2 = await visitor(tab1.welcome.token)
    tab1.socket.send({ type: 'msg', cid: cid('tabs'), text: 'from tab one' })
    await tab1.socket.next('ack')
    assert.equal((await tab2.socket.next('msg')).message.text, 'from tab one')
    tab1.socket.close()
    tab2.socket.close()
  })

  it('refuses an operator socket without a session, and one from a foreign origin', async () => {
    await assert.rejects(openSocket(`${wsUrl}${WS_PATH.agent}`), { status: 401 })
    const cookie = await loginCookie(relay)
    await assert.rejects(openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: cookie, Origin: 'https://evil.example' }), { status: 403 })
  })

  it('marks a visitor verified only when the identify hash matches', async () => {
    const { socket } = await visitor()
    socket.send({ type: 'identify', id: 'u-42', name: 'Ann', hash: 'ab'.repeat(32) })
    assert.equal((await socket.next('error')).code, 'bad_hash')
    const hash = createHmac('sha256', TEST_SITE.secret).update('u-42').digest('hex')
    socket.send({ type: 'identify', id: 'u-42', name: 'Ann', email: 'ann@example.com', hash })
    socket.send({ type: 'msg', cid: cid('ident'), text: 'hi' })
    const { conv } = await socket.next('ack')

    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    agent.send({ type: 'open', conv })
    const history = await agent.next('history')
    assert.deepEqual(history.visitor.identity, { id: 'u-42', name: 'Ann', email: 'ann@example.com', verified: true })
    agent.close()
    socket.close()
  })

  it("links a verified visitor's conversations across devices for operators, and nothing for a claim without the hash", async () => {
    const hash = createHmac('sha256', TEST_SITE.secret).update('u-77').digest('hex')
    const device = async (identify: Record<string, unknown>, text: string) => {
      const { socket } = await visitor()
      socket.send({ type: 'identify', id: 'u-77', name: 'Ola', ...identify })
      socket.send({ type: 'msg', cid: cid(text.replace(/\W/g, '').slice(-10)), text })
      const { conv } = await socket.next('ack')
      socket.close()
      return conv as string
    }
    const laptop = await device({ hash }, 'from the laptop')
    const phone = await device({ hash }, 'from the phone')
    const claim = await device({}, 'claiming to be u-77')

    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    await agent.next('welcome')
    const historyOf = async (conv: string) => {
      agent.send({ type: 'open', conv })
      for (;;) {
        const history = await agent.next('history')
        if (history.conversation.id === conv) return history
      }
    }
    const onPhone = await historyOf(phone)
    assert.equal(onPhone.visitor.identity.verified, true)
    assert.deepEqual(onPhone.earlier.map((c: { id: string }) => c.id), [laptop], 'the laptop conversation is beside the phone one')
    const claimed = await historyOf(claim)
    assert.equal(claimed.visitor.identity.verified, false)
    assert.deepEqual(claimed.earlier, [], 'an unverified claim reveals nothing')
    agent.close()
  })

  it("gives a token from one site nothing on another: a new visitor, no replay", async () => {
    const { socket, welcome } = await visitor()
    socket.send({ type: 'msg', cid: cid('siteboundmsg'), text: 'only for shop' })
    await socket.next('ack')
    socket.close()
    const elsewhere = await openSocket(`${wsUrl}${WS_PATH.visitor}`, { Origin: LOCKED_SITE.origin })
    elsewhere.send({ type: 'hello', site: LOCKED_SITE.id, token: welcome.token })
    const other = await elsewhere.next('welcome')
    assert.notEqual(other.token, welcome.token)
    assert.notEqual(other.visitor, welcome.visitor)
    assert.deepEqual(other.messages, [])
    elsewhere.close()
  })

  it('refuses an operator reply to a conversation that does not exist, naming the cid', async () => {
    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    await agent.next('welcome')
    agent.send({ type: 'msg', conv: 'nope', cid: cid('ghost'), text: 'hello?' })
    const error = await agent.next('error')
    assert.equal(error.code, 'not_found')
    assert.equal(error.cid, cid('ghost'))
    assert.equal(storedMessages().some((m) => m.cid === cid('ghost')), false)
    agent.close()
  })
})

describe('relay sockets: an operator and a visitor', () => {
  let tmp: ReturnType<typeof tempDir>
  let relay: Relay
  let wsUrl: string

  before(async () => {
    tmp = tempDir()
    relay = await startRelay(seededDb(tmp.dir))
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  it('routes a waiting conversation to an operator who comes online, who then answers', async () => {
    const visitorSocket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    visitorSocket.send({ type: 'hello', site: TEST_SITE.id })
    const welcome = await visitorSocket.next('welcome')
    assert.deepEqual((await visitorSocket.next('state')).available, false)
    visitorSocket.send({ type: 'context', data: { plan: 'Gold' } })
    visitorSocket.send({ type: 'msg', cid: cid('q'), text: 'Where is my order?' })
    const { conv } = await visitorSocket.next('ack')
    const queued = await visitorSocket.next('state')
    assert.deepEqual([queued.status, queued.position, queued.eta], ['waiting', 1, null])

    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    const agentWelcome = await agent.next('welcome')
    assert.equal(agentWelcome.agent.id, 'alice')
    assert.ok(agentWelcome.conversations.some((c: { id: string; status: string }) => c.id === conv && c.status === 'waiting'))

    // Coming online frees capacity: the oldest waiting conversation is assigned at once.
    const joined = await visitorSocket.next('msg')
    assert.deepEqual([joined.message.from, joined.message.text, joined.message.event], ['system', 'Alice joined the chat', { kind: 'joined', agent: 'Alice' }])
    for (let state = await visitorSocket.next('state'); state.agent !== 'Alice'; state = await visitorSocket.next('state'));

    agent.send({ type: 'open', conv })
    const history = await agent.next('history')
    assert.equal(history.conversation.status, 'open')
    assert.equal(history.conversation.agent.id, 'alice')
    assert.equal(history.visitor.id, welcome.visitor)
    assert.deepEqual(history.visitor.context, { plan: 'Gold' })
    assert.equal(history.visitor.identity.verified, false)
    assert.deepEqual(history.messages.map((m: { text: string }) => m.text), ['Where is my order?', 'Alice joined the chat'])

    agent.send({ type: 'msg', conv, cid: cid('answer'), text: 'On its way!' })
    assert.equal((await agent.next('ack')).seq, 3)
    const delivered = await visitorSocket.next('msg')
    assert.deepEqual([delivered.message.text, delivered.message.from, delivered.message.name], ['On its way!', 'agent', 'Alice'])

    visitorSocket.send({ type: 'msg', cid: cid('thanks'), text: 'Thanks' })
    assert.equal((await agent.next('msg')).message.text, 'Thanks')
    agent.close()
    visitorSocket.close()
  })
})

describe('relay shutdown', () => {
  it('leaves no timer behind that would touch the closed store', async () => {
    const tmp = tempDir()
    const relay = await startRelay(seededDb(tmp.dir))
    const socket = await openSocket(`${relay.url.replace('http', 'ws')}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: TEST_SITE.id })
    await socket.next('welcome')
    socket.send({ type: 'msg', cid: cid('shutdown'), text: 'just before the end' })
    await socket.next('ack')
    socket.close() // starts the visitor's presence grace period…
    await new Promise((resolve) => setTimeout(resolve, 50))
    await relay.close() // …which must not outlive the store
    const failures: unknown[] = []
    const record = (err: unknown) => failures.push(err)
    process.on('uncaughtException', record)
    await new Promise((resolve) => setTimeout(resolve, 5500))
    process.off('uncaughtException', record)
    assert.deepEqual(failures, [])
    tmp.remove()
  })
})

describe('relay sockets: an operator whose session ends', () => {
  it('is cut off on their next frame once removed, with "log in again"', async () => {
    const tmp = tempDir()
    const db = seededDb(tmp.dir)
    const relay = await startRelay(db)
    try {
      const agent = await openSocket(`${relay.url.replace('http', 'ws')}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
      agent.send({ type: 'hello' })
      await agent.next('welcome')
      const admin = openStore(db) // what `parley agent remove alice` does, from another process
      assert.ok(admin.agents.remove(TEST_AGENT.id))
      admin.close()
      agent.send({ type: 'ping' })
      assert.equal(await agent.closed, CLOSE.UNAUTHORIZED)
    } finally {
      await relay.close()
      tmp.remove()
    }
  })
})
