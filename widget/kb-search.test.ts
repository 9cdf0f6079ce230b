import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { KbSuggestion } from '../protocol/kb.js'
import { KB_SEARCH_CACHE, KB_SEARCH_DELAY_MS, createKbSearch } from './kb-search.js'

/** A hand-driven clock and relay: timers fire when told, requests answer when told. */
function harness() {
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = []
  const requests: { query: string; signal: AbortSignal; answer(articles: KbSuggestion[]): Promise<void> }[] = []
  const shown: [string, string[]][] = []
  const search = createKbSearch({
    request: (query, signal) =>
      new Promise((resolve) => {
        requests.push({ query, signal, answer: async (articles) => { resolve(articles); await Promise.resolve(); await Promise.resolve() } })
      }),
    onResults: (query, articles) => shown.push([query, articles.map((a) => a.id)]),
    after(ms, run) {
      const timer = { ms, run, cancelled: false }
      timers.push(timer)
      return () => void (timer.cancelled = true)
    },
  })
  const tick = () => {
    for (const timer of timers.splice(0)) if (!timer.cancelled) timer.run()
  }
  return { search, timers, requests, shown, tick }
}

const article = (id: string): KbSuggestion => ({ id, title: id, snippet: '' })

describe('createKbSearch', () => {
  it('asks once the visitor pauses, for the text as typed last', async () => {
    const { search, timers, requests, shown, tick } = harness()
    search.typed('ref')
    search.typed('refu')
    search.typed('refund')
    assert.equal(requests.length, 0)
    assert.deepEqual(timers.map((t) => [t.ms, t.cancelled]), [[KB_SEARCH_DELAY_MS, true], [KB_SEARCH_DELAY_MS, true], [KB_SEARCH_DELAY_MS, false]])
    tick()
    assert.deepEqual(requests.map((r) => r.query), ['refund'])
    await requests[0]!.answer([article('refunds')])
    assert.deepEqual(shown, [['refund', ['refunds']]])
  })

  it('aborts a request a newer keystroke made stale, and never shows its answer', async () => {
    const { search, requests, shown, tick } = harness()
    search.typed('refund')
    tick()
    search.typed('refund policy')
    assert.equal(requests[0]!.signal.aborted, true)
    await requests[0]!.answer([article('stale')])
    tick()
    await requests[1]!.answer([article('policy')])
    assert.deepEqual(shown, [['refund policy', ['policy']]])
  })

  it('answers a query asked before from memory, at once, ignoring case and spacing', async () => {
    const { search, requests, shown, tick } = harness()
    search.typed('Refund  policy')
    tick()
    await requests[0]!.answer([article('policy')])
    search.typed('something else')
    search.typed(' refund policy ')
    assert.equal(requests.length, 1)
    assert.deepEqual(shown.at(-1), ['refund policy', ['policy']])
  })

  it('asks nothing for the same query twice in a row, and nothing after cancel', async () => {
    const { search, requests, shown, tick } = harness()
    search.typed('shipping')
    search.typed('shipping ')
    tick()
    assert.equal(requests.length, 1)
    search.cancel()
    assert.equal(requests[0]!.signal.aborted, true)
    await requests[0]!.answer([article('shipping')])
    assert.deepEqual(shown, [])
  })

  it(`remembers at most ${KB_SEARCH_CACHE} queries, forgetting the oldest`, async () => {
    const { search, requests, tick } = harness()
    for (let i = 0; i <= KB_SEARCH_CACHE; i++) {
      search.typed(`query ${i}`)
      tick()
      await requests.at(-1)!.answer([])
    }
    search.typed('query 1')
    assert.equal(requests.length, KB_SEARCH_CACHE + 1, 'still remembered')
    search.typed('query 0')
    tick()
    assert.equal(requests.length, KB_SEARCH_CACHE + 2, 'forgotten: asked again')
  })
})
