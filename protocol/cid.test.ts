import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cidTime, newCid } from './cid.js'
import { CID_PATTERN } from './limits.js'

describe('newCid', () => {
  it('makes ids the relay accepts, and never the same one twice in many', () => {
    const ids = Array.from({ length: 10_000 }, () => newCid())
    for (const id of ids) {
      assert.match(id, CID_PATTERN)
      assert.equal(id.length, 30)
    }
    assert.equal(new Set(ids).size, ids.length)
  })

  it('sorts ids made later after those made earlier, a millisecond apart or years', () => {
    const times = [0, 1, 35, 36, Date.UTC(2001, 0, 1), Date.UTC(2026, 11, 3), Date.UTC(2026, 11, 3) + 1, Date.UTC(2400, 0, 1)]
    const ids = times.map((time) => newCid(time))
    assert.deepEqual([...ids].sort(), ids)
    assert.deepEqual(ids.map((id) => id.slice(0, 9)), times.map((time) => cidTime(time)))
  })
})
