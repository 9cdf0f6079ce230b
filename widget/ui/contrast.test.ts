import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { textOn } from './contrast.js'

describe('textOn', () => {
  it('puts white on dark accents and near-black on light ones', () => {
    assert.equal(textOn('rgb(37, 99, 235)'), '#fff') // the default blue
    assert.equal(textOn('rgb(0, 0, 0)'), '#fff')
    assert.equal(textOn('rgb(255, 235, 59)'), '#111') // yellow
    assert.equal(textOn('rgb(255, 255, 255)'), '#111')
    assert.equal(textOn('rgb(144, 238, 144)'), '#111') // light green
  })
})
