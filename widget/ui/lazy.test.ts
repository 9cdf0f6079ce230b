/** @module widget/ui/lazy.test — what is fetched on first use: fetched once, drawn again when it arrives, tried again after a failure. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hostParts, lazy, lazyPart } from './lazy.js'

/** A load the test settles by hand, counting how often it was started. */
function manualLoad<T>() {
  const calls: { resolve(value: T): void; reject(err: Error): void }[] = []
  return {
    calls,
    load: () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject })),
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('lazy', () => {
  it('is undefined until the load resolves, starts it once, and has the view draw again when it arrives', async () => {
    let redraws = 0
    hostParts({ redraw: () => redraws++, addStyles() {} })
    const { calls, load } = manualLoad<{ slowLink: string }>()
    const words = lazy(load)
    assert.equal(words(), undefined)
    assert.equal(words(), undefined)
    assert.equal(calls.length, 1)
    calls[0]!.resolve({ slowLink: 'В сети · медленное соединение' })
    await settle()
    assert.equal(redraws, 1)
    assert.equal(words()?.slowLink, 'В сети · медленное соединение')
    assert.equal(calls.length, 1)
  })

  it('tries again on the next read after a failed load', async () => {
    hostParts({ redraw() {}, addStyles() {} })
    const { calls, load } = manualLoad<string>()
    const value = lazy(load)
    value()
    calls[0]!.reject(new Error('offline'))
    await settle()
    assert.equal(value(), undefined)
    assert.equal(calls.length, 2)
    calls[1]!.resolve('here')
    await settle()
    assert.equal(value(), 'here')
  })
})

describe('lazyPart', () => {
  it('draws nothing until the part arrives, then adds its styles once and draws it', async () => {
    const styles: string[] = []
    hostParts({ redraw() {}, addStyles: (css) => styles.push(css) })
    const { calls, load } = manualLoad<{ part: (props: { n: number }) => null; css: string }>()
    const seen: number[] = []
    const Part = lazyPart(load)
    assert.equal(Part({ n: 1 }), null)
    calls[0]!.resolve({ part: ({ n }) => (seen.push(n), null), css: '.x{}' })
    await settle()
    Part({ n: 2 })
    Part({ n: 3 })
    assert.deepEqual(seen, [2, 3])
    assert.deepEqual(styles, ['.x{}'])
  })
})
