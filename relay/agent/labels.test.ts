/** @module relay/agent/labels.test — which parts of a message become links. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { splitLinks } from '../../widget/ui/links.js'

describe('labels.splitLinks', () => {
  it('puts http(s) URLs at odd indexes and leaves everything else as text', () => {
    assert.deepEqual(splitLinks('see https://example.com/a?b=1. ok'), ['see ', 'https://example.com/a?b=1', '. ok'])
    assert.deepEqual(splitLinks('javascript:alert(1) and ftp://x'), ['javascript:alert(1) and ftp://x'])
  })
})
