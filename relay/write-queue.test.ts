import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createWriteQueue } from './write-queue.js'

/** A store whose "transactions" record their nesting, with a rollback log for savepoints. */
function fakeStore() {
  const committed: string[] = []
  const log: string[] = []
  let depth = 0
  let failCommit = false
  return {
    committed,
    log,
    failNextCommit: () => (failCommit = true),
    transaction<T>(work: () => T): T {
      depth++
      const mark = log.length
      let result: T
      try {
        result = work()
      } catch (err) {
        depth--
        log.length = mark
        throw err
      }
      depth--
      if (depth === 0) {
        if (failCommit) {
          failCommit = false
          log.length = 0
          throw new Error('disk full')
        }
        committed.push(...log.splice(0))
      }
      return result
    },
  }
}

describe('write queue', () => {
  it('commits writes made in the same turn in one transaction, in order', async () => {
    const store = fakeStore()
    const sizes: number[] = []
    const queue = createWriteQueue(store, { onCommit: (n) => sizes.push(n) })
    const results = await Promise.all(['a', 'b', 'c'].map((x) => queue.write(() => (store.log.push(x), x.toUpperCase()))))
    assert.deepEqual(results, ['A', 'B', 'C'])
    assert.deepEqual(store.committed, ['a', 'b', 'c'])
    assert.deepEqual(sizes, [3])
  })

  it('resolves a write only after its batch has committed', async () => {
    const store = fakeStore()
    const queue = createWriteQueue(store)
    const written = queue.write(() => store.log.push('x'))
    assert.deepEqual(store.committed, [])
    await written
    assert.deepEqual(store.committed, ['x'])
  })

  it('rolls back only the write that throws', async () => {
    const store = fakeStore()
    const queue = createWriteQueue(store)
    const ok = queue.write(() => store.log.push('kept'))
    const bad = queue.write(() => {
      store.log.push('undone')
      throw new Error('bad write')
    })
    await assert.rejects(bad, /bad write/)
    await ok
    assert.deepEqual(store.committed, ['kept'])
  })

  it('rejects every write of a batch whose commit fails', async () => {
    const store = fakeStore()
    const queue = createWriteQueue(store)
    store.failNextCommit()
    const writes = [queue.write(() => store.log.push('a')), queue.write(() => store.log.push('b'))]
    for (const w of writes) await assert.rejects(w, /disk full/)
    assert.deepEqual(store.committed, [])
    await queue.write(() => store.log.push('later'))
    assert.deepEqual(store.committed, ['later'])
  })

  it('drains a waiting batch at once, even inside a long window', async () => {
    const store = fakeStore()
    const queue = createWriteQueue(store, { windowMs: 60_000 })
    const written = queue.write(() => store.log.push('x'))
    await queue.drain()
    await written
    assert.deepEqual(store.committed, ['x'])
  })
})
