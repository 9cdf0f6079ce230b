import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Message } from '../protocol/frames.js'
import { createConversation } from './conversation.js'

const message = (seq: number, text: string, conv = 'c1'): Message => ({ conv, seq, cid: `cid-${conv}-${seq}-xxxx`, from: 'agent', text, at: seq })

function started(conv = 'c1', epoch = 'e1') {
  const log = createConversation()
  log.setConversation(conv, epoch)
  return log
}

describe('conversation', () => {
  it('shows a message once however often the relay sends it', () => {
    const log = started()
    assert.equal(log.receive(message(1, 'a')), true)
    assert.equal(log.receive(message(1, 'a')), false)
    assert.deepEqual(log.list().map((m) => m.text), ['a'])
  })

  it('orders stored messages by seq whatever order they arrive in', () => {
    const log = started()
    for (const seq of [3, 1, 2]) log.receive(message(seq, `m${seq}`))
    assert.deepEqual(log.list().map((m) => m.seq), [1, 2, 3])
    assert.equal(log.lastSeq(), 3)
  })

  it('counts lastSeq only up to the first gap, and reports the gap', () => {
    const log = started()
    log.receive(message(1, 'a'))
    log.receive(message(3, 'c'))
    assert.equal(log.lastSeq(), 1)
    assert.equal(log.hasGap(), true)
    log.receive(message(2, 'b'))
    assert.equal(log.lastSeq(), 3)
    assert.equal(log.hasGap(), false)
  })

  it('keeps an outgoing message as sending until its ack moves it into place', () => {
    const log = started()
    log.queue({ cid: 'mine-0000001', text: 'hello', at: 10 })
    assert.deepEqual(log.list().map((m) => [m.text, m.delivery]), [['hello', 'sending']])
    assert.deepEqual(log.pending().map((m) => m.cid), ['mine-0000001'])
    assert.equal(log.ack('mine-0000001', 'c1', 1)?.seq, 1)
    assert.deepEqual(log.list().map((m) => [m.text, m.delivery, m.seq]), [['hello', 'sent', 1]])
    assert.deepEqual(log.pending(), [])
  })

  it('takes the conversation from the first ack when it had none', () => {
    const log = createConversation()
    log.queue({ cid: 'mine-0000009', text: 'first words', at: 1 })
    log.ack('mine-0000009', 'c9', 1)
    assert.equal(log.id, 'c9')
    assert.equal(log.lastSeq(), 1)
  })

  it('ignores an ack for a message it does not hold', () => {
    const log = createConversation()
    assert.equal(log.ack('unknown-cid-1', 'c1', 1), undefined)
    assert.deepEqual(log.list(), [])
  })

  it('marks a refused message failed and stops re-sending it', () => {
    const log = createConversation()
    log.queue({ cid: 'mine-0000002', text: 'x', at: 1 })
    log.fail('mine-0000002', 'too long')
    assert.deepEqual(log.pending(), [])
    assert.deepEqual(log.list().map((m) => [m.delivery, m.error]), [['failed', 'too long']])
  })

  it('starts a clean slate on another conversation, another epoch, or a reset', () => {
    for (const [conv, epoch, reset] of [['c2', 'e1', false], ['c1', 'e2', false], ['c1', 'e1', true]] as const) {
      const log = started()
      log.receive(message(1, 'old'))
      log.setConversation(conv, epoch, reset)
      assert.deepEqual(log.list(), [])
      assert.equal(log.lastSeq(), 0)
    }
  })

  it('keeps the outbox across a reset, so nothing typed is dropped', () => {
    const log = started()
    log.queue({ cid: 'mine-0000003', text: 'still here', at: 1 })
    log.setConversation('c1', 'e2', true)
    assert.deepEqual(log.pending().map((m) => m.text), ['still here'])
  })

  it('restores a snapshot of the newest messages and resumes after them', () => {
    const log = started()
    for (let seq = 1; seq <= 10; seq++) log.receive(message(seq, `m${seq}`))
    const copy = createConversation()
    copy.restore(log.snapshot(4))
    assert.deepEqual(copy.list().map((m) => m.seq), [7, 8, 9, 10])
    assert.equal(copy.lastSeq(), 10)
    assert.equal(copy.hasGap(), false)
    assert.deepEqual([copy.id, copy.epoch], ['c1', 'e1'])
  })
})
