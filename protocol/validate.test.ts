import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KB_MAX_SEEN } from './kb.js'
import { MAX_CONTEXT_KEYS, MAX_TEXT_LENGTH } from './limits.js'
import { parseClientFrame } from './validate.js'

const CID = 'abcdefgh12345678'

describe('parseClientFrame', () => {
  it('accepts a visitor hello and keeps only known fields', () => {
    const result = parseClientFrame('visitor', JSON.stringify({ type: 'hello', site: 'shop', lastSeq: 3, conv: 'c1', extra: 'x', page: { url: 'https://a.example/p', title: 'P', junk: 1 } }))
    assert.deepEqual(result, { ok: true, frame: { type: 'hello', site: 'shop', conv: 'c1', lastSeq: 3, page: { url: 'https://a.example/p', title: 'P' } } })
  })

  it('answers bad_json for text that is not JSON', () => {
    assert.equal(parseClientFrame('visitor', '{"type":').ok, false)
    assert.deepEqual(pick(parseClientFrame('visitor', 'nope')), 'bad_json')
  })

  it('answers bad_frame for JSON that is not an object with a string type', () => {
    for (const raw of ['[]', '42', 'null', '"msg"', '{}', '{"type":7}']) assert.equal(pick(parseClientFrame('visitor', raw)), 'bad_frame', raw)
  })

  it('answers unknown_type for a type the role does not accept', () => {
    assert.equal(pick(parseClientFrame('visitor', '{"type":"open","conv":"c1"}')), 'unknown_type')
    assert.equal(pick(parseClientFrame('agent', '{"type":"identify","id":"u1"}')), 'unknown_type')
    assert.equal(pick(parseClientFrame('visitor', '{"type":"__proto__"}')), 'unknown_type')
    assert.equal(pick(parseClientFrame('visitor', '{"type":"toString"}')), 'unknown_type')
  })

  it('answers bad_field for missing or mistyped fields', () => {
    const cases = [
      { type: 'msg', cid: CID },
      { type: 'msg', cid: CID, text: 5 },
      { type: 'msg', cid: 'short', text: 'hi' },
      { type: 'msg', cid: CID, text: '   ' },
      { type: 'hello' },
      { type: 'hello', site: 'Shop!' },
      { type: 'hello', site: 'shop', lastSeq: -1 },
      { type: 'hello', site: 'shop', lastSeq: 1.5 },
      { type: 'hello', site: 'shop', page: { url: 'javascript:alert(1)' } },
      { type: 'identify', id: '' },
      { type: 'identify', id: 'u1', hash: 'not-hex' },
      { type: 'context', data: [] },
      { type: 'context', data: { nested: { a: 1 } } },
      { type: 'context', data: { n: null, big: 'x'.repeat(501) } },
    ]
    for (const frame of cases) assert.equal(pick(parseClientFrame('visitor', JSON.stringify(frame))), 'bad_field', JSON.stringify(frame))
  })

  it('answers too_large for a message past MAX_TEXT_LENGTH and names its cid', () => {
    const result = parseClientFrame('visitor', JSON.stringify({ type: 'msg', cid: CID, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }))
    assert.equal(result.ok, false)
    assert.equal(!result.ok && result.code, 'too_large')
    assert.equal(!result.ok && result.cid, CID)
  })

  it('accepts a message of exactly MAX_TEXT_LENGTH', () => {
    assert.equal(parseClientFrame('visitor', JSON.stringify({ type: 'msg', cid: CID, text: 'x'.repeat(MAX_TEXT_LENGTH) })).ok, true)
  })

  it('limits context to MAX_CONTEXT_KEYS keys', () => {
    const data = Object.fromEntries(Array.from({ length: MAX_CONTEXT_KEYS + 1 }, (_, i) => [`k${i}`, i]))
    assert.equal(pick(parseClientFrame('visitor', JSON.stringify({ type: 'context', data }))), 'bad_field')
  })

  it('keeps a "__proto__" context key as a plain key without touching prototypes', () => {
    const result = parseClientFrame('visitor', '{"type":"context","data":{"__proto__":"x","plan":"Gold"}}')
    assert.ok(result.ok && result.frame.type === 'context')
    const data = (result as { frame: { data: Record<string, unknown> } }).frame.data
    assert.equal(Object.getPrototypeOf(data), Object.prototype)
    assert.deepEqual(Object.keys(data).sort(), ['__proto__', 'plan'])
  })

  it('takes the articles a message names, in order, each once, and at most KB_MAX_SEEN of them', () => {
    const result = parseClientFrame('visitor', JSON.stringify({ type: 'msg', cid: CID, text: 'hi', articles: ['refunds', 'pay_1', 'refunds'] }))
    assert.deepEqual(result, { ok: true, frame: { type: 'msg', cid: CID, text: 'hi', articles: ['refunds', 'pay_1'] } })
    const ten = Array.from({ length: KB_MAX_SEEN }, (_, i) => `a${i}`)
    assert.equal(parseClientFrame('visitor', JSON.stringify({ type: 'msg', cid: CID, text: 'hi', articles: ten })).ok, true)
    for (const articles of [[...ten, 'a10'], 'refunds', [''], ['no spaces'], [7], ['x'.repeat(65)]]) {
      const refused = parseClientFrame('visitor', JSON.stringify({ type: 'msg', cid: CID, text: 'hi', articles }))
      assert.equal(pick(refused), 'bad_field', JSON.stringify(articles))
      assert.equal(!refused.ok && refused.cid, CID, 'the refusal names the message')
    }
  })

  it('accepts kb_feedback with an article id and a boolean, and nothing looser', () => {
    assert.deepEqual(parseClientFrame('visitor', '{"type":"kb_feedback","article":"refunds","helped":false,"x":1}'), {
      ok: true,
      frame: { type: 'kb_feedback', article: 'refunds', helped: false },
    })
    for (const frame of [{ article: 'refunds' }, { article: 'refunds', helped: 'yes' }, { article: 'refunds', helped: 1 }, { helped: true }, { article: '../etc', helped: true }]) {
      assert.equal(pick(parseClientFrame('visitor', JSON.stringify({ type: 'kb_feedback', ...frame }))), 'bad_field', JSON.stringify(frame))
    }
    assert.equal(pick(parseClientFrame('agent', '{"type":"kb_feedback","article":"refunds","helped":true}')), 'unknown_type')
  })

  it('accepts the agent frames', () => {
    assert.equal(parseClientFrame('agent', '{"type":"hello"}').ok, true)
    assert.equal(parseClientFrame('agent', '{"type":"open","conv":"abc"}').ok, true)
    assert.equal(parseClientFrame('agent', JSON.stringify({ type: 'msg', conv: 'abc', cid: CID, text: 'hi' })).ok, true)
    assert.equal(pick(parseClientFrame('agent', JSON.stringify({ type: 'msg', cid: CID, text: 'hi' }))), 'bad_field')
  })
})

function pick(result: ReturnType<typeof parseClientFrame>): string {
  return result.ok ? 'ok' : result.code
}
