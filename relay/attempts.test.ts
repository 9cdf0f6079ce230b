import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAttempts } from './attempts.js'

describe('attempts', () => {
  it('locks a key after the limit of failures until the oldest leaves the window', () => {
    let t = 1000
    const attempts = createAttempts({ limit: 3, windowMs: 100, now: () => t })
    for (let i = 0; i < 3; i++) {
      assert.equal(attempts.retryAfterMs('alice'), 0)
      attempts.fail('alice')
      t += 10
    }
    assert.equal(attempts.retryAfterMs('alice'), 70) // first failure at 1000 leaves at 1100; now 1030
    assert.equal(attempts.retryAfterMs('bob'), 0)
    t = 1101
    assert.equal(attempts.retryAfterMs('alice'), 0)
  })

  it('forgets the failures of a key that succeeds', () => {
    const attempts = createAttempts({ limit: 2, windowMs: 1000, now: () => 5 })
    attempts.fail('alice')
    attempts.succeed('alice')
    attempts.fail('alice')
    assert.equal(attempts.retryAfterMs('alice'), 0)
  })
})
