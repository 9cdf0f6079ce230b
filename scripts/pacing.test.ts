/**
 * @module scripts/pacing.test — a visitor who writes faster than the relay allows: the real
 * widget session (in Node, as the chaos run uses it) against a real relay. The relay refuses with
 * rate_limited; the widget says so, keeps every message and sends them again at the relay's pace:
 * all arrive once, in the order written.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CONNECTION_FRAME_RATE, VISITOR_FRAME_RATE } from '../protocol/index.js'
import type { Relay } from '../relay/server.js'
import { openStore } from '../relay/store/index.js'
import { TEST_SITE, seededDb, startRelay, tempDir } from '../relay/testing.js'
import { createLedger } from './chaos/ledger.js'
import { installWebSocket } from './chaos/node-globals.js'
import { createVisitor } from './chaos/visitor.js'

/** A small burst, so even a slow machine writes past it; the protocol's refill rate. */
const RATE = { perSecond: VISITOR_FRAME_RATE.perSecond, burst: 20 }

describe('a visitor over the rate limit', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let relay: Relay

  before(async () => {
    installWebSocket()
    tmp = tempDir()
    db = seededDb(tmp.dir)
    relay = await startRelay(db, { frameRates: { visitor: RATE, connection: CONNECTION_FRAME_RATE } })
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  it('is told to slow down, and every message still arrives once, in order', { timeout: 60_000 }, async () => {
    const problems: string[] = []
    const visitor = createVisitor({ name: 'fast', relay: relay.url, site: TEST_SITE.id, longPoll: false, ledger: createLedger(), report: (m) => problems.push(m) })
    await visitor.connect()
    const total = RATE.burst + 40
    const texts = Array.from({ length: total }, (_, i) => `fast ${String(i).padStart(3, '0')}`)
    let written = 0
    let told = false
    // As fast as the widget takes them: 40 a turn, while the outbox has room.
    while (written < total) {
      written += visitor.send(texts.slice(written, written + 40))
      told ||= visitor.state().notice?.kind === 'tooFast'
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const deadline = Date.now() + 45_000
    while (!visitor.settled() && Date.now() < deadline) {
      told ||= visitor.state().notice?.kind === 'tooFast'
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    assert.ok(visitor.settled(), `still ${visitor.state().waiting} unacked`)
    assert.ok(told, 'the visitor was never told to slow down')
    assert.equal(visitor.state().notice, undefined, 'the notice goes once everything is out')
    assert.ok(problems.some((p) => p.includes('rate_limited')), 'the relay did refuse')
    assert.ok(visitor.state().items.every((item) => item.delivery === 'sent'))

    const store = openStore(db)
    const stored = store.messages.after(visitor.conv()!, 0, 1000).map((m) => m.text)
    store.close()
    assert.deepEqual(stored, texts)
    visitor.close()
  })

  it('sends context again when a refusal may have been it', { timeout: 30_000 }, async () => {
    const visitor = createVisitor({ name: 'ctx', relay: relay.url, site: TEST_SITE.id, longPoll: false, ledger: createLedger(), report: () => {} })
    await visitor.connect()
    try {
      // Past the burst; once the relay has said "too fast", a context frame is refused too.
      visitor.send(Array.from({ length: RATE.burst + 5 }, (_, i) => `ctx ${i}`))
      const deadline = Date.now() + 25_000
      while (visitor.state().notice?.kind !== 'tooFast' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
      visitor.setContext({ plan: 'Gold' })
      const plan = () => {
        const store = openStore(db)
        try {
          const conv = visitor.conv()
          const visitorId = conv ? store.conversations.get(conv)?.visitorId : undefined
          return visitorId ? store.visitors.get(visitorId)?.context.plan : undefined
        } finally {
          store.close()
        }
      }
      while ((!visitor.settled() || plan() !== 'Gold') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
      assert.equal(plan(), 'Gold')
    } finally {
      visitor.close() // a failing assertion must not leave the link holding the process open
    }
  })

  for (const given of ['in this tab', 'in another tab'] as const) {
    it(`sends a rating given ${given} again when it was refused as too fast, and it is stored once`, { timeout: 30_000 }, async () => {
      const visitor = createVisitor({ name: `rater ${given}`, relay: relay.url, site: TEST_SITE.id, longPoll: false, ledger: createLedger(), report: () => {} })
      await visitor.connect()
      const until = async (done: () => boolean, what: string) => {
        const deadline = Date.now() + 25_000
        while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
        assert.ok(done(), what)
      }
      try {
        visitor.send(['Thanks, that was all'])
        await until(() => visitor.settled() && visitor.conv() !== null, 'the message was acked')
        const conv = visitor.conv()!
        visitor.tell({ type: 'close' })
        await until(() => visitor.state().conversation?.status === 'closed', 'the chat closed')
        // Past the burst with typing frames, so the rating that follows is refused as too fast.
        for (let i = 0; i < RATE.burst + 5; i++) visitor.tell({ type: 'typing', on: i % 2 === 0 })
        const rate = { type: 'rate', conv, score: 4, comment: 'Quick' } as const
        if (given === 'in this tab') visitor.tell(rate)
        else visitor.forward(rate) // a passive tab hands its frames to the tab that holds the link
        await until(() => visitor.state().notice?.kind === 'tooFast', 'the relay refused frames as too fast')
        await until(() => visitor.state().conversation?.rating != null, 'the rating reached the relay')
        assert.deepEqual(visitor.state().conversation?.rating, { score: 4, comment: 'Quick' })
        const store = openStore(db)
        try {
          assert.deepEqual(store.ratings.get(conv), { score: 4, comment: 'Quick' })
        } finally {
          store.close()
        }
      } finally {
        visitor.close()
      }
    })
  }
})
