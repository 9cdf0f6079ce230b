import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { createPacer } from './pacer.js'

describe('pacer', () => {
  it('runs a quiet key on the next turn, and gathers a busy key into one run per interval', async () => {
    const runs: string[] = []
    const pacer = createPacer(80, (key) => runs.push(key))
    pacer.changed('a')
    pacer.changed('a') // the same turn: one run
    await sleep(5)
    assert.deepEqual(runs, ['a'])
    for (let i = 0; i < 5; i++) pacer.changed('a') // busy: gathered
    pacer.changed('b') // another key is not held back
    await sleep(5)
    assert.deepEqual(runs, ['a', 'b'])
    await sleep(120)
    assert.deepEqual(runs, ['a', 'b', 'a'])
    pacer.close()
  })

  it('runs nothing once closed', async () => {
    const runs: string[] = []
    const pacer = createPacer(20, (key) => runs.push(key))
    pacer.changed('a')
    pacer.close()
    pacer.changed('b')
    await sleep(40)
    assert.deepEqual(runs, [])
  })
})
