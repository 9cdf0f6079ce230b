/** @module relay/agent/kb-dialog-model.test — what the supervisor's knowledge-base form sends, and which sites the dialog offers. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { articleInput, knownSites, parseTags, tagsText } from './kb-dialog-model.js'

describe('kb-dialog-model', () => {
  it('reads comma-separated tags: trimmed, without blanks, each once, in the order typed', () => {
    assert.deepEqual(parseTags(' billing, refunds,, billing ,'), ['billing', 'refunds'])
    assert.deepEqual(parseTags('   '), [])
    assert.equal(tagsText(['billing', 'refunds']), 'billing, refunds')
    assert.deepEqual(parseTags(tagsText(['a b', 'c'])), ['a b', 'c'])
  })

  it('sends the title and body trimmed, with the language and the tags as a list', () => {
    assert.deepEqual(articleInput({ title: ' Refund policy ', body: '\nAsk within 30 days.\n', lang: 'pt', tags: 'billing' }), {
      title: 'Refund policy',
      body: 'Ask within 30 days.',
      lang: 'pt',
      tags: ['billing'],
    })
  })

  it('offers every site it has heard of once, sorted', () => {
    assert.deepEqual(knownSites(['shop', 'demo', 'shop'], new Set(['acme', 'demo', ''])), ['acme', 'demo', 'shop'])
    assert.deepEqual(knownSites(), [])
  })
})
