/** @module relay/agent/canned-match.test — which canned answers "/…" in the composer offers, and in what order. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_OFFERED, cannedQuery, matchCanned } from './canned-match.js'

const answers = [
  { id: 1, shortcut: 'thanks', text: 'Thank you for waiting!' },
  { id: 2, shortcut: 'refund', text: 'Refunds take 3 to 5 days.' },
  { id: 3, shortcut: 'hours', text: 'We answer from 9 to 5, thanks to our team.' },
]

describe('canned-match', () => {
  it('offers canned answers only for a single "/…" line at the start', () => {
    assert.equal(cannedQuery('/tha'), 'tha')
    assert.equal(cannedQuery('/'), '')
    assert.equal(cannedQuery('hello /tha'), null)
    assert.equal(cannedQuery('/tha\nmore'), null)
  })

  it('lists shortcut prefix matches first, then answers whose text contains the words', () => {
    assert.deepEqual(matchCanned(answers, 'than').map((a) => a.id), [1, 3])
    assert.deepEqual(matchCanned(answers, 'REF').map((a) => a.id), [2])
    assert.deepEqual(matchCanned(answers, '').map((a) => a.id), [1, 2, 3])
    assert.deepEqual(matchCanned(answers, 'nothing like it'), [])
  })

  it('offers at most a handful', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: i, shortcut: `a${i}`, text: 'x' }))
    assert.equal(matchCanned(many, 'a').length, MAX_OFFERED)
  })
})
