import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ToVisitor } from '../protocol/index.js'
import { inSentOrder } from './poll.js'

const ack = (cid: string): ToVisitor => ({ type: 'ack', cid, conv: 'c', seq: 1 })
const refusal = (cid: string): ToVisitor => ({ type: 'error', code: 'bad_field', message: 'no', cid })

describe('long-poll answers to a run of messages', () => {
  it('come in the order the messages were sent, whatever order they resolved in', () => {
    const state: ToVisitor = { type: 'pong' }
    const answers = [ack('a'), ack('c'), state, refusal('b')]
    assert.deepEqual(inSentOrder(answers, ['a', 'b', 'c']), [ack('a'), refusal('b'), state, ack('c')])
  })

  it('place repeated cids by their turn and leave frames for no message of the run alone', () => {
    const other = ack('from-another-request')
    const answers = [ack('x'), other, refusal('dup'), ack('y'), refusal('dup')]
    assert.deepEqual(inSentOrder(answers, ['x', 'dup', 'y', 'dup']), [ack('x'), other, refusal('dup'), ack('y'), refusal('dup')])
    assert.deepEqual(inSentOrder([ack('y'), ack('x')], ['x', 'y']), [ack('x'), ack('y')])
  })
})
