/** Frame rate limits at the relay, over real sockets: refused with a code and a retry time, nothing stored, the link kept. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CLOSE, CONNECTION_FRAME_RATE, MAX_CONVERSATIONS_PER_HOUR, MAX_VISITOR_CONNECTIONS, VISITOR_FRAME_RATE, WS_PATH } from '../protocol/index.js'
import type { Relay } from './server.js'
import { openStore } from './store/index.js'
import { TEST_SITE, openSocket, seededDb, startRelay, tempDir, type TestSocket } from './testing.js'

/**
 * The visitor burst of the protocol, refilled slowly: once refused, a visitor stays refused for 2 s,
 * so a test on a loaded machine still sees the refusal it looks for.
 */
const RATE = { perSecond: 0.5, burst: VISITOR_FRAME_RATE.burst }

describe('frame rate limits', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let relay: Relay
  let url: string

  before(async () => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
    relay = await startRelay(db, { frameRates: { visitor: RATE, connection: CONNECTION_FRAME_RATE } })
    url = `${relay.url.replace('http', 'ws')}${WS_PATH.visitor}`
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  async function visitor(token?: string): Promise<{ socket: TestSocket; token: string }> {
    const socket = await openSocket(url)
    socket.send({ type: 'hello', site: TEST_SITE.id, ...(token && { token }) })
    const welcome = await socket.next('welcome')
    return { socket, token: welcome.token }
  }

  /** Answers (ack or error) for `count` frames, in arrival order. */
  async function answers(socket: TestSocket, count: number, type?: string): Promise<Record<string, any>[]> {
    const got: Record<string, any>[] = []
    while (got.length < count) {
      const frame = await socket.next(type)
      if (frame.type === 'ack' || frame.type === 'error' || frame.type === 'pong') got.push(frame)
    }
    return got
  }

  it("refuses a visitor's messages past the burst with rate_limited and a retry time, stores none of them, and keeps the link", async () => {
    const { socket, token } = await visitor()
    const flood = RATE.burst + 40
    const cids = Array.from({ length: flood }, (_, i) => `flood-${String(i).padStart(4, '0')}`)
    for (const [i, cid] of cids.entries()) socket.send({ type: 'msg', cid, text: `flood ${i}` })
    const got = await answers(socket, flood)
    const acked = got.filter((f) => f.type === 'ack')
    const refused = got.filter((f) => f.type === 'error')
    assert.ok(acked.length >= RATE.burst && acked.length < flood, `acked ${acked.length} of ${flood}`)
    for (const error of refused) {
      assert.equal(error.code, 'rate_limited')
      assert.ok(error.retryAfter > 0 && error.retryAfter <= 1000 / RATE.perSecond, `retryAfter ${error.retryAfter}`)
      assert.ok(cids.includes(error.cid), 'the refusal names the message')
    }
    assert.deepEqual([...acked, ...refused].map((f) => f.cid).sort(), [...cids].sort(), 'every message answered once')

    // The same visitor on a second connection shares the bucket: limits are per visitor too.
    const second = await visitor(token)
    second.socket.send({ type: 'msg', cid: 'second-link-0001', text: 'from the other tab' })
    assert.equal((await answers(second.socket, 1))[0]!.code, 'rate_limited')

    // After the wait, a refused message goes through on the first link, once.
    const retry = refused[0]!
    await new Promise((resolve) => setTimeout(resolve, retry.retryAfter + 50))
    socket.send({ type: 'msg', cid: retry.cid, text: 'retried' })
    assert.equal((await answers(socket, 1))[0]!.type, 'ack')

    socket.close()
    second.socket.close()
    const store = openStore(db)
    const stored = store.messages.after(acked[0]!.conv, 0, 1000).map((m) => m.cid)
    store.close()
    assert.equal(stored.length, acked.length + 1)
    assert.ok(!stored.includes('second-link-0001'))
  })

  it('limits any connection, pings included, past its own burst', async () => {
    const { socket } = await visitor()
    const flood = CONNECTION_FRAME_RATE.burst + 20
    for (let i = 0; i < flood; i++) socket.send({ type: 'ping' })
    const got = await answers(socket, flood - 1) // hello took one token
    const refused = got.filter((f) => f.type === 'error')
    assert.ok(refused.length >= 1 && refused.length <= 21, `refused ${refused.length}`)
    assert.ok(refused.every((f) => f.code === 'rate_limited' && f.retryAfter > 0))
    assert.equal(socket.ws.readyState, socket.ws.OPEN)
    socket.close()
  })

  it(`refuses a visitor's connection past ${MAX_VISITOR_CONNECTIONS}, telling it to come back later`, async () => {
    const first = await visitor()
    const more = [first.socket]
    for (let i = 1; i < MAX_VISITOR_CONNECTIONS; i++) more.push((await visitor(first.token)).socket)
    const extra = await openSocket(url)
    extra.send({ type: 'hello', site: TEST_SITE.id, token: first.token })
    const error = await extra.next('error')
    assert.equal(error.code, 'rate_limited')
    assert.ok(error.retryAfter > 0)
    assert.equal(await extra.closed, CLOSE.TRY_LATER)
    more.pop()!.close() // one tab fewer: room again
    await new Promise((resolve) => setTimeout(resolve, 100))
    more.push((await visitor(first.token)).socket)
    for (const socket of more) socket.close()
  })

  it('stores nothing of a hello it refuses past the connection limit', async () => {
    const first = await openSocket(url)
    first.send({ type: 'hello', site: TEST_SITE.id, page: { url: 'https://shop.example/kept', title: 'Kept' } })
    const welcome = await first.next('welcome')
    const more = [first]
    for (let i = 1; i < MAX_VISITOR_CONNECTIONS; i++) more.push((await visitor(welcome.token)).socket)
    const extra = await openSocket(url)
    extra.send({ type: 'hello', site: TEST_SITE.id, token: welcome.token, page: { url: 'https://shop.example/refused', title: 'Refused' } })
    assert.equal((await extra.next('error')).code, 'rate_limited')
    assert.equal(await extra.closed, CLOSE.TRY_LATER)
    const store = openStore(db)
    const page = store.visitors.get(welcome.visitor)?.page
    store.close()
    assert.deepEqual(page, { url: 'https://shop.example/kept', title: 'Kept' })
    for (const socket of more) socket.close()
  })

  it(`lets a visitor start ${MAX_CONVERSATIONS_PER_HOUR} conversations an hour, and says when the next may start`, async () => {
    const { socket } = await visitor()
    for (let i = 0; i < MAX_CONVERSATIONS_PER_HOUR; i++) {
      socket.send({ type: 'msg', cid: `chat-${String(i).padStart(6, '0')}`, text: `chat ${i}` })
      await socket.next('ack')
      socket.send({ type: 'close' })
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    socket.send({ type: 'msg', cid: 'chat-one-too-many', text: 'one more' })
    const error = await socket.next('error')
    assert.deepEqual([error.code, error.cid], ['rate_limited', 'chat-one-too-many'])
    assert.ok(error.retryAfter > 59 * 60_000 && error.retryAfter <= 60 * 60_000, `retryAfter ${error.retryAfter}`)
    socket.close()
  })
})
