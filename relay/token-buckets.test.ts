import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTokenBuckets } from './token-buckets.js'

describe('token buckets', () => {
  it('lets a burst through, then one frame per refill, and says how long to wait', () => {
    let t = 0
    const buckets = createTokenBuckets({ perSecond: 4, burst: 3, now: () => t })
    assert.deepEqual([buckets.take('a'), buckets.take('a'), buckets.take('a')], [0, 0, 0])
    assert.equal(buckets.take('a'), 250)
    assert.equal(buckets.take('b'), 0) // keys do not share
    t = 100
    assert.equal(buckets.take('a'), 150)
    t = 250
    assert.equal(buckets.take('a'), 0)
    assert.equal(buckets.take('a'), 250)
  })

  it('refills no further than the burst, and forgets full buckets', () => {
    let t = 0
    const buckets = createTokenBuckets({ perSecond: 10, burst: 2, now: () => t })
    buckets.take('a')
    buckets.take('a')
    t = 60_000
    assert.deepEqual([buckets.take('a'), buckets.take('a'), buckets.take('a') > 0], [0, 0, true])
    t = 120_000
    buckets.sweep()
    assert.equal(buckets.size, 0)
  })

  it('keeps refusing until the wait it gave has passed, even if a token refilled meanwhile', () => {
    let t = 0
    const buckets = createTokenBuckets({ perSecond: 10, burst: 1, now: () => t })
    assert.equal(buckets.take('a'), 0)
    assert.equal(buckets.take('a'), 100)
    t = 99
    assert.equal(buckets.take('a'), 1)
    t = 100
    assert.equal(buckets.take('a'), 0)
  })
})
