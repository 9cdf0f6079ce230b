import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Outgoing, Snapshot } from './conversation.js'
import { createEmitter } from './emitter.js'
import { MAX_OUTBOX, createSession, type Persistence } from './session.js'

/** Persistence in memory that records the order of what happened. */
function memoryPersistence(initial: { token?: string; snapshot?: Snapshot; outbox?: Outgoing[] } = {}) {
  const outbox = new Map((initial.outbox ?? []).map((item) => [item.cid, item]))
  const log: string[] = []
  const persistence: Persistence = {
    load: async () => ({ ...(initial.token && { token: initial.token }), ...(initial.snapshot && { snapshot: initial.snapshot }), outbox: [...outbox.values()] }),
    saveToken: () => {},
    saveSnapshot: () => {},
    addOutgoing: async (item) => {
      outbox.set(item.cid, item)
      log.push(`stored ${item.text}`)
    },
    removeOutgoing: (cid) => void outbox.delete(cid),
    clear: async () => outbox.clear(),
  }
  return { persistence, outbox, log }
}

/** A passive session (no link of its own): what it would hand the leading tab is recorded. */
function passiveSession(persistence: Persistence, log: string[] = []) {
  return createSession({
    relay: 'http://127.0.0.1:1',
    site: 'shop',
    persistence,
    events: createEmitter(() => {}),
    report: () => {},
    onChange: () => {},
    onOutgoing: (item) => log.push(`sent ${item.text}`),
  })
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('session', () => {
  it('puts a message on the device before it first goes out', async () => {
    const { persistence, log } = memoryPersistence()
    const session = passiveSession(persistence, log)
    assert.equal(session.send('hello'), true)
    await settle()
    assert.deepEqual(log, ['stored hello', 'sent hello'])
    assert.equal(session.getState().waiting, 1)
  })

  it(`refuses a message past ${MAX_OUTBOX} waiting ones and says why`, async () => {
    const { persistence } = memoryPersistence()
    const session = passiveSession(persistence)
    for (let i = 0; i < MAX_OUTBOX; i++) assert.equal(session.send(`m${i}`), true)
    assert.equal(session.send('one too many'), false)
    assert.deepEqual(session.getState().notice, { kind: 'outboxFull' })
    assert.equal(session.getState().waiting, MAX_OUTBOX)
  })

  it('keeps a message the relay refused as too fast, and says so', async () => {
    const { persistence, outbox } = memoryPersistence()
    const session = passiveSession(persistence)
    session.send('quick one')
    await settle()
    const [cid] = [...outbox.keys()]
    session.apply({ type: 'error', code: 'rate_limited', message: 'too fast', cid: cid!, retryAfter: 200 })
    assert.deepEqual(session.getState().notice, { kind: 'tooFast' })
    assert.equal(session.getState().items.find((item) => item.cid === cid)?.delivery, 'sending') // not failed
    assert.equal(session.getState().waiting, 1)
    assert.ok(outbox.has(cid!))
    // An hour's wait is the limit on new chats, and is worded so.
    session.apply({ type: 'error', code: 'rate_limited', message: 'too many chats', cid: cid!, retryAfter: 3_000_000 })
    assert.deepEqual(session.getState().notice, { kind: 'tooManyChats' })
  })

  it('keeps the articles read before asking with the message, on the device and on its way', async () => {
    const { persistence, outbox } = memoryPersistence()
    const handed: Outgoing[] = []
    const forwarded: unknown[] = []
    const session = createSession({
      relay: 'http://127.0.0.1:1',
      site: 'shop',
      persistence,
      events: createEmitter(() => {}),
      report: () => {},
      onChange: () => {},
      onOutgoing: (item) => handed.push(item),
      onForward: (frame) => forwarded.push(frame),
    })
    session.tell({ type: 'kb_feedback', article: 'refunds', helped: false })
    assert.equal(session.send('Where is my refund?', ['shipping', 'refunds']), true)
    assert.equal(session.send('And one more thing', []), true)
    await settle()
    assert.deepEqual(forwarded, [{ type: 'kb_feedback', article: 'refunds', helped: false }])
    assert.deepEqual([...outbox.values()].map((item) => item.articles), [['shipping', 'refunds'], undefined])
    assert.deepEqual(handed.map((item) => item.articles), [['shipping', 'refunds'], undefined])
  })

  it('fires rated once the relay has a rating the forms told it, and only once', () => {
    const events = createEmitter(() => {})
    const rated: unknown[] = []
    events.on('rated', (rating) => rated.push(rating))
    const forwarded: unknown[] = []
    const session = createSession({
      relay: 'http://127.0.0.1:1',
      site: 'shop',
      persistence: memoryPersistence().persistence,
      events,
      report: () => {},
      onChange: () => {},
      onForward: (frame) => forwarded.push(frame),
    })
    const state = { type: 'state', conv: 'c1', status: 'closed', agent: null, position: null, eta: null, available: true, seen: 0 } as const
    session.apply({ ...state, rating: null })
    session.tell({ type: 'rate', conv: 'c1', score: 4, comment: 'Quick' })
    assert.deepEqual(forwarded, [{ type: 'rate', conv: 'c1', score: 4, comment: 'Quick' }])
    assert.deepEqual(rated, [])
    session.apply({ ...state, rating: { score: 4, comment: 'Quick' } })
    session.apply({ ...state, rating: { score: 4, comment: 'Quick' } })
    assert.deepEqual(rated, [{ conv: 'c1', score: 4, comment: 'Quick' }])
  })

  it('refuses blank or over-long text', () => {
    const session = passiveSession(memoryPersistence().persistence)
    assert.equal(session.send('   '), false)
    assert.equal(session.send('x'.repeat(4001)), false)
    assert.equal(session.getState().items.length, 0)
  })

  it('paints the kept log and outbox before any network', async () => {
    const snapshot: Snapshot = { conv: 'c1', epoch: 'e1', messages: [{ conv: 'c1', seq: 1, cid: 'first-cid-01', from: 'agent', name: 'Alice', text: 'Hi!', at: 1 }] }
    const { persistence } = memoryPersistence({ snapshot, outbox: [{ cid: 'waiting-cid-1', text: 'still mine', at: 2 }] })
    const session = passiveSession(persistence)
    await session.restore()
    assert.deepEqual(session.getState().items.map((m) => [m.text, m.delivery]), [['Hi!', 'sent'], ['still mine', 'sending']])
  })

  it('drops what it shows on a reset welcome but keeps the outbox', async () => {
    const snapshot: Snapshot = { conv: 'c1', epoch: 'e1', messages: [{ conv: 'c1', seq: 1, cid: 'first-cid-01', from: 'agent', text: 'old past', at: 1 }] }
    const { persistence } = memoryPersistence({ snapshot, outbox: [{ cid: 'waiting-cid-1', text: 'unsent', at: 2 }] })
    const session = passiveSession(persistence)
    await session.restore()
    session.apply({ type: 'welcome', token: 't'.repeat(43), visitor: 'v1', conv: 'c1', epoch: 'e2', reset: true, messages: [], more: false })
    assert.deepEqual(session.getState().items.map((m) => m.text), ['unsent'])
  })

  it('moves an acked message into place and shows a relayed one once', () => {
    const session = passiveSession(memoryPersistence().persistence)
    session.send('question')
    const [mine] = session.getState().items
    session.apply({ type: 'ack', cid: mine!.cid, conv: 'c1', seq: 1 })
    const answer = { conv: 'c1', seq: 2, cid: 'answer-cid-1', from: 'agent' as const, text: 'answer', at: 3 }
    session.apply({ type: 'msg', message: answer })
    session.apply({ type: 'msg', message: answer })
    assert.deepEqual(session.getState().items.map((m) => [m.seq, m.text, m.delivery]), [[1, 'question', 'sent'], [2, 'answer', 'sent']])
    assert.equal(session.getState().waiting, 0)
  })
})
