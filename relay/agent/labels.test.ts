/** @module relay/agent/labels.test — which parts of a message become links, and how a visitor's verdict on an article reads. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { splitLinks } from '../../widget/ui/links.js'
import { helpedLabel } from './labels.js'

describe('labels.splitLinks', () => {
  it('puts http(s) URLs at odd indexes and leaves everything else as text', () => {
    assert.deepEqual(splitLinks('see https://example.com/a?b=1. ok'), ['see ', 'https://example.com/a?b=1', '. ok'])
    assert.deepEqual(splitLinks('javascript:alert(1) and ftp://x'), ['javascript:alert(1) and ftp://x'])
  })
})

describe('labels.helpedLabel', () => {
  it('says whether an article helped, and nothing when the visitor did not answer', () => {
    assert.equal(helpedLabel(true), 'helped')
    assert.equal(helpedLabel(false), 'did not help')
    assert.equal(helpedLabel(null), null)
  })
})
