/** Operators at the relay, over real sockets: routing on arrival, transfer rules, closing, rating, grace requeue, typing. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WS_PATH } from '../protocol/index.js'
import { hashPassword } from './secrets.js'
import { createRelay, type Relay, type RelayOptions } from './server.js'
import { openStore, type Store } from './store/index.js'
import { TEST_SITE, loginCookie, openSocket, tempDir, type TestSocket } from './testing.js'

const cid = (n: string) => `ops-${n}`.padEnd(12, '0')
const OPERATORS = [
  { id: 'alice', name: 'Alice', capacity: 1, skills: [] as string[], role: 'agent' as const },
  { id: 'bob', name: 'Bob', capacity: 1, skills: ['billing'], role: 'agent' as const },
  { id: 'carol', name: 'Carol', capacity: 2, skills: ['billing'], role: 'agent' as const },
]

describe('operators at the relay', () => {
  let tmp: ReturnType<typeof tempDir>
  let relay: Relay
  let wsUrl: string
  const PASSWORD = 'operator password'

  before(async () => {
    tmp = tempDir()
    const path = `${tmp.dir}/ops.db`
    const store = openStore(path)
    store.sites.add({ id: TEST_SITE.id, secret: TEST_SITE.secret, origins: [] })
    for (const op of OPERATORS) store.agents.add({ ...op, passwordHash: hashPassword(PASSWORD) })
    store.close()
    relay = await createRelay({ db: path, port: 0, agentGraceMs: 300, log: () => {} })
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  async function operator(login: string): Promise<TestSocket> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay, login, PASSWORD) })
    socket.send({ type: 'hello' })
    await socket.next('welcome')
    return socket
  }

  async function visitor(text: string, context?: Record<string, unknown>): Promise<{ socket: TestSocket; conv: string }> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: TEST_SITE.id })
    await socket.next('welcome')
    if (context) socket.send({ type: 'context', data: context })
    socket.send({ type: 'msg', cid: cid(text.replace(/\W/g, '').slice(0, 8)), text })
    return { socket, conv: (await socket.next('ack')).conv }
  }

  /** The next message (system lines included) whose text matches. */
  async function messageWhere(socket: TestSocket, text: RegExp): Promise<Record<string, any>> {
    for (;;) {
      const frame = await socket.next('msg')
      if (text.test(frame.message.text)) return frame.message
    }
  }

  /** The next state frame that satisfies `match`. */
  async function stateWhere(socket: TestSocket, match: (state: Record<string, any>) => boolean): Promise<Record<string, any>> {
    for (;;) {
      const state = await socket.next('state')
      if (match(state)) return state
    }
  }

  /** The visitor ends their chat and goes. */
  async function leave(socket: TestSocket): Promise<void> {
    socket.send({ type: 'close' })
    await stateWhere(socket, (s) => s.status === 'closed')
    socket.close()
  }

  it('assigns, refuses transfers with a reason, hands over with a note, closes, rates once', async () => {
    const alice = await operator('alice')
    const v1 = await visitor('Billing question', { department: 'billing' })
    await stateWhere(v1.socket, (s) => s.agent === 'Alice') // the only one online takes it
    const bob = await operator('bob')

    // Refusals are errors with a reason; the socket lives on.
    alice.send({ type: 'transfer', conv: v1.conv, agent: 'nobody', note: 'n' })
    assert.match((await alice.next('error')).message, /no such operator/)
    alice.send({ type: 'transfer', conv: v1.conv, agent: 'carol', note: 'n' })
    assert.match((await alice.next('error')).message, /offline/)
    alice.send({ type: 'transfer', conv: v1.conv, agent: 'alice', note: 'n' })
    assert.match((await alice.next('error')).message, /already yours/)
    bob.send({ type: 'close', conv: v1.conv })
    assert.equal((await bob.next('error')).code, 'forbidden')
    bob.send({ type: 'msg', conv: v1.conv, cid: cid('bobwrites'), text: 'not mine' })
    assert.deepEqual([(await bob.next('error')).code], ['forbidden'])

    alice.send({ type: 'transfer', conv: v1.conv, agent: 'bob', note: 'Invoice 42, verified' })
    const handover = await messageWhere(v1.socket, /took over/)
    assert.deepEqual([handover.from, handover.text], ['system', 'Bob took over from Alice'])
    bob.send({ type: 'open', conv: v1.conv })
    const history = await bob.next('history')
    assert.deepEqual(
      [history.conversation.agent.id, history.conversation.transfer.from.id, history.conversation.transfer.note],
      ['bob', 'alice', 'Invoice 42, verified'],
    )

    // Rating waits for the close, and counts once.
    v1.socket.send({ type: 'rate', conv: v1.conv, score: 5 })
    assert.equal((await v1.socket.next('error')).code, 'forbidden')
    bob.send({ type: 'close', conv: v1.conv })
    await stateWhere(v1.socket, (s) => s.status === 'closed')
    v1.socket.send({ type: 'rate', conv: v1.conv, score: 5, comment: 'Great' })
    assert.deepEqual((await stateWhere(v1.socket, (s) => s.rating !== null)).rating, { score: 5, comment: 'Great' })
    // The same rating again is a resend (refused as too fast, or its answer lost): answered, not refused.
    v1.socket.send({ type: 'rate', conv: v1.conv, score: 5, comment: 'Great' })
    assert.deepEqual((await v1.socket.next('state')).rating, { score: 5, comment: 'Great' })
    v1.socket.send({ type: 'rate', conv: v1.conv, score: 1 })
    assert.match((await v1.socket.next('error')).message, /already rated/)
    v1.socket.send({ type: 'rate', conv: v1.conv, score: 9 })
    assert.equal((await v1.socket.next('error')).code, 'bad_field')

    // Writing again opens a new conversation.
    v1.socket.send({ type: 'msg', cid: cid('again'), text: 'One more thing' })
    assert.notEqual((await v1.socket.next('ack')).conv, v1.conv)
    await leave(v1.socket) // every operator idle again: the next test's routing must not depend on this one
    for (const s of [alice, bob]) s.close()
  })

  it('queues a department transfer nobody can take, and relays typing both ways', async () => {
    const alice = await operator('alice')
    const v = await visitor('Need billing help')
    await stateWhere(v.socket, (s) => s.agent !== null)
    const conv = v.conv
    alice.send({ type: 'open', conv })
    await alice.next('history')
    const owner = (await alice.next('conv')).conversation.agent?.id

    v.socket.send({ type: 'typing', on: true })
    assert.deepEqual((await alice.next('typing')), { type: 'typing', conv, on: true })
    alice.send({ type: 'typing', conv, on: true })
    assert.deepEqual(await v.socket.next('typing'), { type: 'typing', on: true, name: 'Alice' })

    if (owner === 'alice') {
      // Bob and Carol (billing) are offline or full: the chat waits for billing, at the front.
      alice.send({ type: 'transfer', conv, department: 'billing', note: 'Over to billing' })
      const queued = await stateWhere(v.socket, (s) => s.status === 'waiting')
      assert.equal(queued.position, 1)
    }
    await leave(v.socket)
    alice.close()
  })

  it('hands the chats of an operator gone past the grace period back to the front of the queue', async () => {
    const carol = await operator('carol')
    const v = await visitor('Anyone there?')
    await stateWhere(v.socket, (s) => s.agent === 'Carol')
    carol.close()
    // Carol's other chats from earlier tests come back too; the order among them is routing's (unit-tested).
    const back = await stateWhere(v.socket, (s) => s.status === 'waiting')
    assert.ok(back.position >= 1)
    assert.equal((await messageWhere(v.socket, /no longer available/)).text, 'Carol is no longer available; you are back at the front of the queue')
    v.socket.close()
  })
})

describe('read receipts', () => {
  it("tells the visitor how far the operator who has the chat has read, and ignores others", async () => {
    const own = await ownRelay((store) => {
      store.sites.add({ id: TEST_SITE.id, secret: TEST_SITE.secret, origins: [] })
      for (const op of OPERATORS.slice(0, 2)) store.agents.add({ ...op, passwordHash: hashPassword('operator password') })
    })
    const { wsUrl } = own
    const connect = async (login: string) => (await own.operator(login)).socket
    const alice = await connect('alice')
    const v = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    v.send({ type: 'hello', site: TEST_SITE.id })
    await v.next('welcome')
    v.send({ type: 'msg', cid: cid('seen-q'), text: 'Read me' })
    const { conv } = await v.next('ack')
    let state = await v.next('state')
    while (state.agent !== 'Alice') state = await v.next('state')
    assert.equal(state.seen, 0)

    const bob = await connect('bob')
    bob.send({ type: 'seen', conv, seq: 2 }) // not his chat: no effect
    alice.send({ type: 'seen', conv, seq: 99 }) // never past what is stored
    state = await v.next('state')
    assert.equal(state.seen, 2)
    for (const s of [alice, bob, v]) s.close()
    await own.close()
  })
})

describe('an operator between tabs', () => {
  it('keeps their chats but is given no new ones until a tab is back', async () => {
    const own = await ownRelay(
      (store) => {
        store.sites.add({ id: TEST_SITE.id, secret: TEST_SITE.secret, origins: [] })
        store.agents.add({ ...OPERATORS[2]!, passwordHash: hashPassword('operator password') })
      },
      { agentGraceMs: 60_000 },
    )
    const { wsUrl } = own
    const connect = () => own.operator('carol')
    const visitorSays = async (text: string) => {
      const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
      socket.send({ type: 'hello', site: TEST_SITE.id })
      socket.send({ type: 'msg', cid: cid(text.slice(0, 6)), text })
      const conv = (await socket.next('ack')).conv as string
      const state = async (match: (s: Record<string, any>) => boolean, ms = 3000) => {
        for (;;) {
          const s = await socket.next('state', ms)
          if (match(s)) return s
        }
      }
      return { socket, conv, state }
    }
    try {
      const first = await connect()
      const before = await visitorSays('Before the reload')
      await before.state((s) => s.agent === 'Carol')
      first.socket.close()
      await first.socket.closed

      // Carol's tab is reloading: her chat stays hers, a new one waits rather than go to nobody.
      const during = await visitorSays('During the reload')
      const waiting = await during.state((s) => s.status === 'waiting')
      assert.equal(waiting.agent, null)
      assert.equal(waiting.available, true) // someone is on shift: no "leave a message" form
      // Routing runs within moments of the message; half a second on, the chat must still be waiting.
      const given = await during.state((s) => s.agent !== null, 500).then(
        () => true,
        () => false,
      )
      assert.equal(given, false, 'a new chat went to an operator with no tab open')

      const second = await connect()
      await during.state((s) => s.agent === 'Carol')
      const mine = (second.welcome.conversations as { id: string; agent: { id: string } | null }[]).filter((c) => c.agent?.id === 'carol').map((c) => c.id)
      assert.ok(mine.includes(before.conv), 'the chat from before the reload is still hers')
      for (const s of [before.socket, during.socket, second.socket]) s.close()
    } finally {
      await own.close()
    }
  })
})

describe('operators of different sites', () => {
  it("never see, take, open, sync, type into or receive another site's conversations", async () => {
    const own = await ownRelay((store) => {
      store.sites.add({ id: 'alpha', secret: 'alpha-secret-0123456789', origins: [] })
      store.sites.add({ id: 'bravo', secret: 'bravo-secret-0123456789', origins: [] })
      const base = { passwordHash: hashPassword('operator password'), skills: ['billing'], capacity: 2, role: 'agent' as const }
      store.agents.add({ ...base, id: 'ann', name: 'Ann', sites: ['alpha'] })
      store.agents.add({ ...base, id: 'ben', name: 'Ben', sites: ['bravo'] })
      store.agents.add({ ...base, id: 'sue', name: 'Sue', role: 'supervisor', sites: ['alpha'] })
    })
    const { wsUrl } = own
    const connect = (login: string) => own.operator(login)
    const visitorOf = async (site: string, text: string) => {
      const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
      socket.send({ type: 'hello', site })
      socket.send({ type: 'msg', cid: cid(`${site}-${text.slice(0, 3)}`), text })
      return { socket, conv: (await socket.next('ack')).conv as string }
    }
    try {
      const ann = await connect('ann')
      const sue = await connect('sue')
      const bravoVisitor = await visitorOf('bravo', 'Bravo question')
      // Nobody serving bravo is online: it waits, however much room Ann and Sue have.
      const waiting = await bravoVisitor.socket.next('state')
      assert.equal(waiting.agent, null)
      const alphaVisitor = await visitorOf('alpha', 'Alpha question')
      const assigned = await ann.socket.next('conv')
      assert.equal(assigned.conversation.id, alphaVisitor.conv, 'the only conversation Ann hears of is her site’s')

      // Every way in to bravo's conversation is "not found" for Ann, and for a supervisor of alpha.
      for (const op of [ann, sue]) {
        for (const frame of [
          { type: 'open', conv: bravoVisitor.conv },
          { type: 'sync', conv: bravoVisitor.conv, after: 0 },
          { type: 'take', conv: bravoVisitor.conv },
          { type: 'typing', conv: bravoVisitor.conv, on: true },
          { type: 'close', conv: bravoVisitor.conv },
          { type: 'msg', conv: bravoVisitor.conv, cid: cid('intrude'), text: 'hello from alpha' },
        ]) {
          op.socket.send(frame)
          const error = await op.socket.next('error')
          assert.equal(error.code, 'not_found', JSON.stringify(frame))
        }
      }
      // Ann cannot hand her chat to bravo's operator either: to alpha's chat, Ben does not exist.
      const ben = await connect('ben')
      assert.deepEqual(
        (ben.welcome.conversations as { id: string }[]).map((c) => c.id),
        [bravoVisitor.conv],
        "Ben's welcome lists bravo's conversation only",
      )
      ann.socket.send({ type: 'transfer', conv: alphaVisitor.conv, agent: 'ben', note: 'over to you' })
      assert.match((await ann.socket.next('error')).message, /no such operator|unknown/i)

      // Nothing of bravo reached Ann or Sue at any point.
      await new Promise((resolve) => setTimeout(resolve, 200))
      for (const op of [ann, sue]) {
        const seen = JSON.stringify([op.welcome, ...(await drain(op.socket))])
        assert.ok(!seen.includes(bravoVisitor.conv) && !seen.includes('Bravo question'), 'bravo leaked to an alpha operator')
        assert.ok(seen.includes('"name":"Sue"') && !seen.includes('"name":"Ben"'), 'the team an alpha operator sees is alpha’s')
      }
      for (const s of [ann.socket, sue.socket, ben.socket, alphaVisitor.socket, bravoVisitor.socket]) s.close()
    } finally {
      await own.close()
    }
  })
})

/** Every frame a socket has buffered so far. */
async function drain(socket: TestSocket): Promise<Record<string, any>[]> {
  const frames: Record<string, any>[] = []
  for (;;) {
    try {
      frames.push(await socket.next(undefined, 50))
    } catch {
      return frames
    }
  }
}

/** A relay of a test's own: `seed` fills its fresh database first; operators log in with 'operator password'. */
async function ownRelay(seed: (store: Store) => void, options: Partial<RelayOptions> = {}) {
  const tmp = tempDir()
  const path = `${tmp.dir}/own.db`
  const store = openStore(path)
  seed(store)
  store.close()
  const relay = await createRelay({ db: path, port: 0, log: () => {}, ...options })
  const wsUrl = relay.url.replace('http', 'ws')
  return {
    wsUrl,
    async operator(login: string): Promise<{ socket: TestSocket; welcome: Record<string, any> }> {
      const socket = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay, login, 'operator password') })
      socket.send({ type: 'hello' })
      return { socket, welcome: await socket.next('welcome') }
    },
    async close(): Promise<void> {
      await relay.close()
      tmp.remove()
    },
  }
}
