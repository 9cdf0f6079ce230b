import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { articleBody, articleParagraphs } from './kb-text.js'

describe('articleParagraphs', () => {
  it('splits on blank lines and keeps single line breaks inside a paragraph', () => {
    assert.deepEqual(articleParagraphs('First line\nsecond line\n\n\r\nNext paragraph\n   \nLast'), ['First line\nsecond line', 'Next paragraph', 'Last'])
  })

  it('drops heading, quote, bold and code marks but keeps the words', () => {
    assert.deepEqual(articleParagraphs('# Refund policy\n\n> Ask within **30 days**, see `orders`.\n\n__Note__: keep the receipt.'), [
      'Refund policy',
      'Ask within 30 days, see orders.',
      'Note: keep the receipt.',
    ])
  })

  it('keeps a link as its label and address, and an image as its description only', () => {
    assert.deepEqual(articleParagraphs('See [our form](https://shop.example/refund) or [https://a.example](https://a.example). ![A receipt](https://img.example/r.png)'), [
      'See our form (https://shop.example/refund) or https://a.example. A receipt',
    ])
  })

  it('leaves markup as the characters it is: nothing here is HTML', () => {
    assert.deepEqual(articleParagraphs('<img src=x onerror=alert(1)>'), ['<img src=x onerror=alert(1)>'])
  })

  it('answers nothing for a blank body', () => {
    assert.deepEqual(articleParagraphs(' \n\n '), [])
  })

  it('shows a body that opens with its own title without saying the title twice', () => {
    assert.deepEqual(articleBody('Refund policy', '# Refund policy\n\nAsk within 30 days.'), ['Ask within 30 days.'])
    assert.deepEqual(articleBody('Refund policy', 'Refunds take a week.'), ['Refunds take a week.'])
  })
})
