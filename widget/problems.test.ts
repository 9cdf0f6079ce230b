/** @module widget/problems.test — every mistake the API reports by code has words that say what to fix. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_CONTEXT_VALUE_LENGTH, MAX_IDENTITY_FIELD } from '../protocol/limits.js'
import type { ProblemCode } from './checks.js'
import { PROBLEMS } from './problems.js'

describe('PROBLEMS', () => {
  it('words every code, naming the limit or the value it is about', () => {
    const codes: ProblemCode[] = ['identify', 'context', 'send', 'on', 'verb', 'failed', 'id', 'names', 'hash', 'keys', 'key', 'value']
    assert.deepEqual(Object.keys(PROBLEMS).sort(), [...codes].sort())
    for (const code of codes) assert.ok(PROBLEMS[code]('x', 'y').length > 10, code)
    assert.match(PROBLEMS.id(), new RegExp(`^identify: .*${MAX_IDENTITY_FIELD}`))
    assert.match(PROBLEMS.value('plan'), new RegExp(`^context: plan .*${MAX_CONTEXT_VALUE_LENGTH}`))
    assert.match(PROBLEMS.on(), /message, open, close, rated, ready, error/)
    assert.equal(PROBLEMS.failed('open', 'boom'), 'Parley(open) failed: boom')
  })

  it('quotes an unknown verb, cut short', () => {
    assert.match(PROBLEMS.verb('constructor'), /^unknown call Parley\("constructor"\)/)
    assert.ok(PROBLEMS.verb('x'.repeat(500)).length < 120)
  })
})
