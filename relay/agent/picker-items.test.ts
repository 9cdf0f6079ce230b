/** @module relay/agent/picker-items.test — what "/…" in the composer offers: canned answers and articles in one list, when the knowledge base is asked, and how the arrow keys move. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KB_MAX_QUERY_LENGTH, type KbHit } from '../../protocol/index.js'
import { MAX_OFFERED } from './canned-match.js'
import { MAX_ARTICLES_OFFERED, articleReply, itemKey, kbSearchTerms, offerAnswers, stepThrough } from './picker-items.js'

const canned = [
  { id: 1, shortcut: 'refund', text: 'Refunds take 3 to 5 days.' },
  { id: 2, shortcut: 'hello', text: 'Hello! How can I help?' },
]

const hit = (id: string, over: Partial<KbHit> = {}): KbHit => ({ id, title: `Article ${id}`, snippet: '…', site: 'demo', lang: 'en', tags: [], updatedAt: 1, ...over })

describe('picker-items', () => {
  it('asks the knowledge base only for two characters or more, within the relay limit', () => {
    assert.equal(kbSearchTerms(null), null)
    assert.equal(kbSearchTerms(''), null)
    assert.equal(kbSearchTerms(' r '), null)
    assert.equal(kbSearchTerms('  refund policy '), 'refund policy')
    assert.equal(kbSearchTerms('x'.repeat(KB_MAX_QUERY_LENGTH)), 'x'.repeat(KB_MAX_QUERY_LENGTH))
    assert.equal(kbSearchTerms('x'.repeat(KB_MAX_QUERY_LENGTH + 1)), null)
  })

  it('lists the matching canned answers first, then the articles, each marked with its kind', () => {
    const items = offerAnswers(canned, 'ref', [hit('a'), hit('b')])
    assert.deepEqual(
      items.map((item) => (item.kind === 'canned' ? `canned:${item.answer.id}` : `article:${item.article.id}`)),
      ['canned:1', 'article:a', 'article:b'],
    )
  })

  it('offers articles even when no canned answer matches, and canned answers alone without articles', () => {
    assert.deepEqual(offerAnswers(canned, 'shipping', [hit('s')]).map((i) => i.kind), ['article'])
    assert.deepEqual(offerAnswers(canned, '', []).map((i) => i.kind), ['canned', 'canned'])
  })

  it('keeps each group to a handful', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: i, shortcut: `r${i}`, text: 'x' }))
    const hits = Array.from({ length: 20 }, (_, i) => hit(`h${i}`))
    const items = offerAnswers(many, 'r', hits)
    assert.equal(items.filter((i) => i.kind === 'canned').length, MAX_OFFERED)
    assert.equal(items.filter((i) => i.kind === 'article').length, MAX_ARTICLES_OFFERED)
  })

  it('gives an answer and an article with the same id different keys', () => {
    const [answer, article] = offerAnswers([{ id: 7, shortcut: 'x7', text: 'x' }], 'x7', [hit('7')])
    assert.notEqual(itemKey(answer!), itemKey(article!))
    assert.notEqual(itemKey({ kind: 'article', article: hit('7', { site: 'shop' }) }), itemKey(article!))
  })

  it('moves round the ends of the list', () => {
    assert.equal(stepThrough(0, 1, 3), 1)
    assert.equal(stepThrough(2, 1, 3), 0)
    assert.equal(stepThrough(0, -1, 3), 2)
    assert.equal(stepThrough(0, 1, 0), 0)
  })

  it('starts a reply with the article as plain text: no Markdown marks, links with their address', () => {
    assert.equal(articleReply('# Refunds\n\nAsk within **30 days**, see [the form](https://x.example/f).\n\n\n'), 'Refunds\n\nAsk within 30 days, see the form (https://x.example/f).')
    assert.equal(articleReply('Plain text stays.'), 'Plain text stays.')
  })
})
