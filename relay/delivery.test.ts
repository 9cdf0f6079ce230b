/**
 * Nothing lost, nothing twice, at the relay: acks only after the commit (even across a kill -9),
 * epochs, paged replay, gap fill, long-polling and slow readers.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { spawnRelay } from '../scripts/spawn-relay.js'
import { MAX_VISITOR_CONNECTIONS, POLL_PATH, REPLAY_PAGE, WS_PATH, type PollRequest } from '../protocol/index.js'
import type { Relay } from './server.js'
import { LOCKED_SITE, TEST_SITE, UNLIMITED_RATES, loginCookie, openSocket, seededDb, startRelay, tempDir, type TestSocket } from './testing.js'

const cid = (n: number | string) => `delivery-${n}`.padEnd(12, '0')

function countRows(db: string, sql: string, ...args: unknown[]): number {
  const reader = new Database(db, { readonly: true })
  try {
    return (reader.prepare(sql).get(...args) as { n: number }).n
  } finally {
    reader.close()
  }
}

const serveProcess = (db: string, port: number, extra: string[] = []) => spawnRelay(db, { port, extra })

describe('delivery', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let relay: Relay
  let wsUrl: string

  before(async () => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
    relay = await startRelay(db, { frameRates: UNLIMITED_RATES }) // these tests pump hundreds of frames
    wsUrl = relay.url.replace('http', 'ws')
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  async function visitor(hello: Record<string, unknown> = {}): Promise<{ socket: TestSocket; welcome: Record<string, any> }> {
    const socket = await openSocket(`${wsUrl}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: TEST_SITE.id, ...hello })
    return { socket, welcome: await socket.next('welcome') }
  }

  async function poll(request: PollRequest | string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, any> }> {
    const res = await fetch(`${relay.url}${POLL_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', ...headers },
      body: typeof request === 'string' ? request : JSON.stringify(request),
    })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }

  it('acks a burst of messages with consecutive seqs, in the order sent', async () => {
    const { socket } = await visitor()
    for (let i = 0; i < 50; i++) socket.send({ type: 'msg', cid: cid(`burst-${i}`), text: `m${i}` })
    const acks = []
    for (let i = 0; i < 50; i++) acks.push(await socket.next('ack'))
    assert.deepEqual(acks.map((a) => a.cid), Array.from({ length: 50 }, (_, i) => cid(`burst-${i}`)))
    assert.deepEqual(acks.map((a) => a.seq), Array.from({ length: 50 }, (_, i) => i + 1))
    socket.close()
  })

  it('replays a long conversation in pages, and sync fetches the rest', async () => {
    const first = await visitor()
    const total = REPLAY_PAGE + 20
    for (let i = 0; i < total; i++) first.socket.send({ type: 'msg', cid: cid(`page-${i}`), text: `p${i}` })
    let last: Record<string, any> = {}
    for (let i = 0; i < total; i++) last = await first.socket.next('ack')
    first.socket.close()

    const again = await visitor({ token: first.welcome.token })
    assert.equal(again.welcome.messages.length, REPLAY_PAGE)
    assert.equal(again.welcome.more, true)
    again.socket.send({ type: 'sync', conv: last.conv, after: REPLAY_PAGE })
    const page = await again.socket.next('page')
    assert.equal(page.more, false)
    assert.deepEqual(page.messages.map((m: { seq: number }) => m.seq), Array.from({ length: 20 }, (_, i) => REPLAY_PAGE + i + 1))
    again.socket.close()
  })

  it('fills a gap: sync answers exactly the missing messages', async () => {
    const { socket } = await visitor()
    for (let i = 0; i < 5; i++) socket.send({ type: 'msg', cid: cid(`gap-${i}`), text: `g${i}` })
    let conv = ''
    for (let i = 0; i < 5; i++) conv = (await socket.next('ack')).conv
    socket.send({ type: 'sync', conv, after: 2 })
    assert.deepEqual((await socket.next('page')).messages.map((m: { text: string }) => m.text), ['g2', 'g3', 'g4'])
    socket.close()
  })

  it("refuses to sync another visitor's conversation", async () => {
    const owner = await visitor()
    owner.socket.send({ type: 'msg', cid: cid('mine'), text: 'private' })
    const { conv } = await owner.socket.next('ack')
    const stranger = await visitor()
    stranger.socket.send({ type: 'sync', conv, after: 0 })
    assert.equal((await stranger.socket.next('error')).code, 'not_found')
    owner.socket.close()
    stranger.socket.close()
  })

  it('starts a new epoch when a client has seen seqs the database never stored', async () => {
    const first = await visitor()
    first.socket.send({ type: 'msg', cid: cid('epoch-1'), text: 'kept' })
    const ack = await first.socket.next('ack')
    first.socket.close()
    const shown = await visitor({ token: first.welcome.token })
    const epoch = shown.welcome.epoch
    shown.socket.close()

    // As after restoring an older backup: the client is ahead of what the relay holds.
    const ahead = await visitor({ token: first.welcome.token, conv: ack.conv, epoch, lastSeq: 7 })
    assert.equal(ahead.welcome.reset, true)
    assert.notEqual(ahead.welcome.epoch, epoch)
    assert.deepEqual(ahead.welcome.messages.map((m: { text: string }) => m.text), ['kept'])
    ahead.socket.close()

    const stale = await visitor({ token: first.welcome.token, conv: ack.conv, epoch, lastSeq: 1 })
    assert.equal(stale.welcome.reset, true, 'an old epoch never resumes')
    stale.socket.close()
  })

  it('carries the same frames over long-polling, with no session kept between requests', async () => {
    const first = await poll({ hello: { type: 'hello', site: TEST_SITE.id } })
    assert.equal(first.status, 200)
    const [welcome] = first.body.frames
    assert.equal(welcome.type, 'welcome')
    const hello = { type: 'hello' as const, site: TEST_SITE.id, token: welcome.token }

    const sent = await poll({ hello, frames: [{ type: 'msg', cid: cid('lp-1'), text: 'over http' }, { type: 'msg', cid: cid('lp-1'), text: 'over http' }, { type: 'nope' } as never] })
    const [, ack, again, refused] = sent.body.frames.filter((f: { type: string }) => f.type !== 'state')
    assert.deepEqual([ack.type, ack.seq, again.seq, refused.code], ['ack', 1, 1, 'unknown_type'])
    assert.equal(countRows(db, 'SELECT count(*) AS n FROM messages WHERE cid = ?', cid('lp-1')), 1)

    const known = (await poll({ hello })).body.frames[0]
    assert.deepEqual([known.conv, known.messages.length], [ack.conv, 1])
    const resumed = await poll({ hello: { ...hello, conv: ack.conv, epoch: known.epoch, lastSeq: 1 } })
    assert.deepEqual([resumed.body.frames[0].reset, resumed.body.frames[0].messages], [false, []])
  })

  it('stores the messages of one long-poll in order, once each, and answers them in the order sent', async () => {
    // A cid another visitor already used is refused inside the commit, after its neighbours were taken.
    const other = await visitor()
    other.socket.send({ type: 'msg', cid: cid('lp-taken'), text: 'mine' })
    await other.socket.next('ack')
    other.socket.close()
    const { body } = await poll({ hello: { type: 'hello', site: TEST_SITE.id } })
    const hello = { type: 'hello' as const, site: TEST_SITE.id, token: body.frames[0].token }
    const cids = ['lp-run-1', 'lp-run-2', 'lp-taken', 'lp-run-3', 'lp-run-4'].map(cid)
    const sent = await poll({ hello, frames: cids.map((c, i) => ({ type: 'msg', cid: c, text: `run ${i}` })) })
    const answers = sent.body.frames.filter((f: { type: string }) => f.type === 'ack' || f.type === 'error')
    assert.deepEqual(
      answers.map((f: Record<string, any>) => [f.cid, f.type === 'ack' ? f.seq : f.code]),
      [[cids[0], 1], [cids[1], 2], [cids[2], 'bad_field'], [cids[3], 3], [cids[4], 4]],
    )
    for (const c of [cids[0], cids[1], cids[3], cids[4]]) assert.equal(countRows(db, 'SELECT count(*) AS n FROM messages WHERE cid = ?', c), 1)
  })

  it('holds a long-poll until the operator answers', async () => {
    const first = await poll({ hello: { type: 'hello', site: TEST_SITE.id }, frames: [{ type: 'msg', cid: cid('lp-q'), text: 'anyone?' }] })
    const [welcome] = first.body.frames
    const ack = first.body.frames.find((f: { type: string }) => f.type === 'ack')
    const hello = { type: 'hello' as const, site: TEST_SITE.id, token: welcome.token }
    const epoch = (await poll({ hello })).body.frames[0].epoch
    const held = poll({ hello: { ...hello, conv: ack.conv, epoch, lastSeq: 1 }, wait: 20_000 })

    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    await agent.next('welcome')
    agent.send({ type: 'msg', conv: ack.conv, cid: cid('lp-a'), text: 'here!' })
    await agent.next('ack')
    // Woken by news (the operator joining, a new queue state, the answer), not by the timeout;
    // polling on from what it shows brings the answer.
    const woken = await held
    assert.ok(woken.body.frames.length > 1)
    let lastSeq = 1
    const texts: string[] = []
    for (let i = 0; i < 5 && !texts.includes('here!'); i++) {
      const next = await poll({ hello: { ...hello, conv: ack.conv, epoch, lastSeq }, wait: 5_000 })
      for (const frame of next.body.frames) {
        for (const message of frame.type === 'welcome' ? frame.messages : frame.type === 'msg' ? [frame.message] : []) {
          texts.push(message.text)
          lastSeq = Math.max(lastSeq, message.seq)
        }
      }
    }
    assert.ok(texts.includes('here!'), `texts: ${texts.join(' | ')}`)
    agent.close()
  })

  it("does not wake a long-polling page's held poll for the page's own message, and does for another's", async () => {
    const token = (await poll({ hello: { type: 'hello', site: TEST_SITE.id } })).body.frames[0].token as string
    const sent = await poll({ hello: { type: 'hello', site: TEST_SITE.id, token }, frames: [{ type: 'msg', cid: cid('own-page-0'), text: 'first' }] })
    const { conv, seq } = sent.body.frames.find((frame: { type: string }) => frame.type === 'ack')
    const epoch = (await poll({ hello: { type: 'hello', site: TEST_SITE.id, token } })).body.frames[0].epoch as string
    const hello = { type: 'hello' as const, site: TEST_SITE.id, token, conv, epoch, lastSeq: seq as number }
    const pushed = (answer: { body: Record<string, any> }): string[] =>
      answer.body.frames.flatMap((frame: { type: string; message?: { cid: string } }) => (frame.type === 'msg' ? [frame.message!.cid] : []))

    // Held for 1.5 s: the page's own message must not end it early with a push of that message.
    const held = poll({ hello, wait: 1500, page: 'page-own-0001' })
    const own = await poll({ hello, frames: [{ type: 'msg', cid: cid('own-page-1'), text: 'mine' }], page: 'page-own-0001' })
    assert.equal(own.body.frames.find((frame: { type: string }) => frame.type === 'ack')?.cid, cid('own-page-1'))
    assert.deepEqual(pushed(await held), [])

    // Another page of the same visitor (another tab) is news: that wakes the held poll.
    const heldAgain = poll({ hello: { ...hello, lastSeq: seq + 1 }, wait: 20_000, page: 'page-own-0001' })
    await poll({ hello, frames: [{ type: 'msg', cid: cid('own-page-2'), text: 'other tab' }], page: 'page-other-01' })
    const woken = await heldAgain
    const replayed = woken.body.frames[0].messages.map((message: { cid: string }) => message.cid)
    assert.deepEqual([...replayed, ...pushed(woken)], [cid('own-page-2')])

    const badPage = await poll({ hello, page: 'no spaces allowed' } as never)
    assert.deepEqual([badPage.status, badPage.body.error.code], [400, 'bad_field'])
  })

  it('ends a held poll whose page went away: its connection stops counting against the visitor', async () => {
    const token = (await poll({ hello: { type: 'hello', site: TEST_SITE.id } })).body.frames[0].token as string
    const hello = { type: 'hello' as const, site: TEST_SITE.id, token }
    // More held polls than a visitor may keep open, each abandoned by its page in turn.
    for (let i = 0; i < MAX_VISITOR_CONNECTIONS + 2; i++) {
      const page = new AbortController()
      const held = fetch(`${relay.url}${POLL_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ hello, wait: 20_000 }), signal: page.signal })
      await new Promise((resolve) => setTimeout(resolve, 50))
      page.abort()
      await held.catch(() => {})
    }
    const after = await poll({ hello })
    assert.deepEqual([after.status, after.body.frames[0].type], [200, 'welcome'])
  })

  it('lets the calling page read every long-poll answer, errors included; every answer carries the safety headers', async () => {
    const page = 'https://shop.example'
    const post = (body: string) => fetch(`${relay.url}${POLL_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: page }, body })
    const answers = [
      await post(JSON.stringify({ hello: { type: 'hello', site: TEST_SITE.id } })),
      await post('not json'),
      await post(JSON.stringify({ hello: { type: 'hello', site: 'no-such-site' } })),
    ]
    assert.deepEqual(answers.map((res) => [res.status, res.headers.get('Access-Control-Allow-Origin')]), [[200, page], [400, page], [404, page]])
    const preflight = await fetch(`${relay.url}${POLL_PATH}`, { method: 'OPTIONS', headers: { Origin: page, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } })
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), page)
    assert.match(preflight.headers.get('Access-Control-Allow-Methods') ?? '', /POST/)
    const others = await Promise.all(['/', '/widget.js', '/no-such-page'].map((path) => fetch(`${relay.url}${path}`)))
    for (const res of [...answers, preflight, ...others]) {
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', res.url)
      assert.equal(res.headers.get('Referrer-Policy'), 'strict-origin-when-cross-origin', res.url)
    }
  })

  it('answers bad long-poll requests with an HTTP error and a code', async () => {
    assert.equal((await poll('not json')).body.error.code, 'bad_json')
    assert.equal((await poll({ hello: { type: 'msg' } } as never)).status, 400)
    assert.equal((await poll({ hello: { type: 'hello', site: TEST_SITE.id }, wait: 999_999 })).body.error.code, 'bad_field')
    const unknown = await poll({ hello: { type: 'hello', site: 'no-such-site' } })
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'unknown_site'])
    const foreign = await poll({ hello: { type: 'hello', site: LOCKED_SITE.id } }, { Origin: 'https://evil.example' })
    assert.deepEqual([foreign.status, foreign.body.error.code], [403, 'forbidden'])
    const huge = await poll(JSON.stringify({ hello: { type: 'hello', site: TEST_SITE.id }, pad: 'x'.repeat(300_000) }))
    assert.deepEqual([huge.status, huge.body.error.code], [413, 'too_large'])
    // Without a Content-Length (chunked), the limit is counted as the body arrives.
    const streamed = async (text: string) => {
      const body = new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode(text)), controller.close()) })
      const res = await fetch(`${relay.url}${POLL_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body, duplex: 'half' } as RequestInit)
      return { status: res.status, body: (await res.json()) as Record<string, any> }
    }
    const hugeStreamed = await streamed(JSON.stringify({ hello: { type: 'hello', site: TEST_SITE.id }, pad: 'x'.repeat(300_000) }))
    assert.deepEqual([hugeStreamed.status, hugeStreamed.body.error.code], [413, 'too_large'])
    const fine = await streamed(JSON.stringify({ hello: { type: 'hello', site: TEST_SITE.id } }))
    assert.deepEqual([fine.status, fine.body.frames[0].type], [200, 'welcome'])
  })

  it('cuts off a reader that stops reading, and it resumes from its seq', async () => {
    const reader = await visitor()
    reader.socket.send({ type: 'msg', cid: cid('slow-q'), text: 'start' })
    const { conv } = await reader.socket.next('ack')
    const agent = await openSocket(`${wsUrl}${WS_PATH.agent}`, { Cookie: await loginCookie(relay) })
    agent.send({ type: 'hello' })
    await agent.next('welcome')
    // Stop reading on the visitor's side: the relay's send buffer for it can only grow.
    ;(reader.socket.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    const text = 'y'.repeat(3900)
    let sent = 0
    const closed = reader.socket.closed
    let cutOff = false
    void closed.then(() => (cutOff = true))
    for (let i = 0; i < 2000 && !cutOff; i++) {
      agent.send({ type: 'msg', conv, cid: cid(`slow-${i}`), text })
      await agent.next('ack')
      sent++
    }
    ;(reader.socket.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    await closed
    assert.ok(cutOff, 'the slow reader was disconnected')
    const again = await visitor({ token: reader.welcome.token })
    assert.equal(again.welcome.conv, conv)
    let shown = again.welcome.messages.length
    for (let more = again.welcome.more; more; ) {
      again.socket.send({ type: 'sync', conv, after: shown })
      const page = await again.socket.next('page')
      shown += page.messages.length
      more = page.more
    }
    // Everything stored comes back: the question, the operator's lines, and the "joined" line.
    assert.equal(shown, countRows(db, 'SELECT count(*) AS n FROM messages WHERE conversation_id = ?', conv))
    assert.ok(shown >= sent + 1)
    again.socket.close()
    agent.close()
  })
})

describe('ack after commit, across kill -9', () => {
  it('never acks a message it had not committed; the resent cid is stored once', async () => {
    const tmp = tempDir()
    const db = seededDb(tmp.dir)
    // A long commit window holds the message in memory, uncommitted, while we kill the relay.
    let relay = await serveProcess(db, 0, ['--commit-window', '5000'])
    const port = new URL(relay.url).port
    const socket = await openSocket(`${relay.url.replace('http', 'ws')}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: TEST_SITE.id })
    const welcome = await socket.next('welcome')
    socket.send({ type: 'msg', cid: cid('kill-1'), text: 'in flight' })
    socket.send({ type: 'ping' })
    await socket.next('pong') // the relay has read the message
    await assert.rejects(socket.next('ack', 200), /no ack/)
    relay.child.kill('SIGKILL')
    await socket.closed
    assert.equal(countRows(db, 'SELECT count(*) AS n FROM messages'), 0)

    relay = await serveProcess(db, Number(port))
    const again = await openSocket(`${relay.url.replace('http', 'ws')}${WS_PATH.visitor}`)
    again.send({ type: 'hello', site: TEST_SITE.id, token: welcome.token })
    await again.next('welcome')
    again.send({ type: 'msg', cid: cid('kill-1'), text: 'in flight' })
    assert.equal((await again.next('ack')).seq, 1)
    again.send({ type: 'msg', cid: cid('kill-1'), text: 'in flight' })
    assert.equal((await again.next('ack')).seq, 1)
    again.close()
    relay.child.kill('SIGKILL')
    await new Promise((resolve) => relay.child.once('exit', resolve))
    assert.equal(countRows(db, 'SELECT count(*) AS n FROM messages WHERE cid = ?', cid('kill-1')), 1)
    tmp.remove()
  })
})
