import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { KbArticleInput } from '../../protocol/index.js'
import { LOCKED_SITE, TEST_SITE, seededDb, tempDir } from '../testing.js'
import { openStore, type Store } from './index.js'
import { kbMatchQuery, stem } from './kb-query.js'
import { plainSnippet } from './kb.js'

const SITE = TEST_SITE.id

/** Enough articles that a word in two or three of them is rare, as in a real knowledge base (bm25's idf). */
const ARTICLES: KbArticleInput[] = [
  { id: 'payment-methods', lang: 'en', tags: ['billing'], title: 'Payment methods', body: 'We accept cards, PayPal and bank transfer. A payment is charged when the order ships.' },
  { id: 'refunds', lang: 'en', tags: [], title: 'Refunds', body: 'Ask for a refund within 30 days. The money goes back by the same payment method.' },
  { id: 'shipping', lang: 'en', tags: [], title: 'Shipping times', body: 'Orders ship within two days. Delivery takes 3 to 5 working days.' },
  { id: 'password', lang: 'en', tags: ['account'], title: 'Changing your password', body: 'Open **Settings**, then [Security](https://shop.example/security), and choose a new one.' },
  { id: 'gift-cards', lang: 'en', tags: [], title: 'Gift cards', body: 'A gift card never expires and can be used for part of an order.' },
  { id: 'ru-payment', lang: 'ru', tags: ['оплата'], title: 'Способы оплаты', body: 'Мы принимаем банковские карты. Платёж списывается, когда заказ отправлен.' },
  { id: 'ru-refund', lang: 'ru', tags: [], title: 'Возврат денег', body: 'Деньги можно вернуть в течение 30 дней. Платежи возвращаются на ту же карту.' },
  { id: 'ru-delivery', lang: 'ru', tags: [], title: 'Доставка', body: 'Доставка занимает от трёх до пяти дней.' },
  { id: 'ru-toys', lang: 'ru', tags: [], title: 'Ёлочные игрушки', body: 'Сезонный товар: привозим в ноябре.' },
  { id: 'pt-payment', lang: 'pt', tags: [], title: 'Formas de pagamento', body: 'Aceitamos cartão de crédito, Pix e boleto. O pagamento é cobrado no envio.' },
  { id: 'pt-returns', lang: 'pt', tags: [], title: 'Devoluções', body: 'Você pode pedir a devolução em até 30 dias. Os pagamentos voltam para o cartão.' },
  { id: 'pt-delivery', lang: 'pt', tags: [], title: 'Prazo de entrega', body: 'A entrega leva de 3 a 5 dias úteis.' },
]

describe('kbMatchQuery', () => {
  it('cuts words to light stems in each language', () => {
    assert.equal(stem('payments', 'en'), 'payment')
    assert.equal(stem('policies', 'en'), 'polic')
    assert.equal(stem('платежи'), 'платеж')
    assert.equal(stem('платежей'), 'платеж')
    assert.equal(stem('доставки'), 'доставк')
    assert.equal(stem('pagamentos', 'pt'), 'pagament')
    assert.equal(stem('devoluções', 'pt'), 'devolu')
    // Unknown language: the Latin stem that covers both English and Portuguese readings.
    assert.equal(stem('pagamentos'), 'pagament')
  })

  it('keeps short stems whole rather than matching half the language', () => {
    assert.equal(stem('ship', 'en'), 'ship')
    assert.equal(stem('need', 'en'), 'need')
    assert.equal(stem('ответ'), 'ответ')
  })

  it('folds case and ё, and quotes every word so typed FTS5 syntax is only text', () => {
    assert.equal(kbMatchQuery('ПЛАТЁЖ'), '"платеж"*')
    assert.equal(kbMatchQuery('payment" OR NOT * NEAR(x'), '"payment"* OR "near"* OR "not"* OR "or"')
  })

  it('drops one-letter words, matches two-letter words whole, and has nothing to search in punctuation', () => {
    assert.equal(kbMatchQuery('I need an id'), '"need"* OR "an" OR "id"')
    assert.equal(kbMatchQuery(' ?! … '), undefined)
    assert.equal(kbMatchQuery(''), undefined)
  })

  it('keeps the eight longest words of a long question', () => {
    const match = kbMatchQuery('a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii jjjjjjjjjj kkkkkkkkkkk', 'en')!
    assert.equal(match.split(' OR ').length, 8)
    assert.ok(!match.includes('"bb"') && !match.includes('"ccc"'))
  })
})

describe('plainSnippet', () => {
  it('removes markdown marks and link targets and caps the length', () => {
    assert.equal(plainSnippet('Open **Settings**, then [Security](https://x.example/s).\n\n# Next\n- item'), 'Open Settings, then Security. Next item')
    const long = plainSnippet('word '.repeat(100))
    assert.ok(long.length <= 160 && long.endsWith('…'))
  })
})

describe('kb store', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: Store
  const titles = (text: string, lang?: 'en' | 'ru' | 'pt') => store.kb.search(SITE, text, { lang, limit: 5 }).map((hit) => hit.title)

  before(() => {
    tmp = tempDir()
    store = openStore(seededDb(tmp.dir))
    for (const article of ARTICLES) store.kb.add(SITE, article, 1000)
    store.kb.add(LOCKED_SITE.id, { lang: 'en', tags: [], title: 'Payments elsewhere', body: 'Another shop’s payment article.' })
  })
  after(() => {
    store.close()
    tmp.remove()
  })

  it('finds English articles by either number of a word, the title match first', () => {
    for (const query of ['payments', 'payment', 'PAYMENT']) {
      assert.deepEqual(titles(query, 'en'), ['Payment methods', 'Refunds'], query)
    }
  })

  it('finds Russian articles whatever the case ending, with ё and е alike', () => {
    for (const query of ['платёж', 'платежи', 'ПЛАТЕЖЕЙ', 'платеж']) {
      assert.deepEqual(new Set(titles(query)), new Set(['Способы оплаты', 'Возврат денег']), query)
    }
    assert.deepEqual(titles('оплата'), ['Способы оплаты'])
    for (const query of ['елочные', 'ЁЛОЧНЫЕ', 'ёлочная игрушка']) assert.equal(titles(query)[0], 'Ёлочные игрушки', query)
  })

  it('shows snippets in the original spelling, ё included', () => {
    const [hit] = store.kb.search(SITE, 'платеж списывается', { limit: 1 })
    assert.equal(hit!.id, 'ru-payment')
    assert.match(hit!.snippet, /Платёж списывается/)
  })

  it('finds Portuguese articles by plural or singular, with or without accents', () => {
    for (const query of ['pagamentos', 'pagamento', 'Pagamento']) assert.deepEqual(titles(query, 'pt'), ['Formas de pagamento', 'Devoluções'], query)
    assert.deepEqual(titles('devolucao'), ['Devoluções'])
    assert.deepEqual(new Set(titles('cartao', 'pt')), new Set(['Formas de pagamento', 'Devoluções']))
  })

  it('matches a word still being typed', () => {
    assert.deepEqual(titles('how do I get a refu', 'en'), ['Refunds'])
    assert.equal(titles('достав')[0], 'Доставка')
  })

  it('ranks the article that shares the rarer words of a question first', () => {
    assert.equal(titles('how long does delivery take?', 'en')[0], 'Shipping times')
    assert.equal(titles('my gift card for the order', 'en')[0], 'Gift cards')
  })

  it('keeps to the language asked for, and to the sites asked for', () => {
    assert.deepEqual(titles('30', 'pt'), ['Devoluções'])
    assert.deepEqual(new Set(titles('30')), new Set(['Refunds', 'Возврат денег', 'Devoluções']))
    assert.ok(!titles('payments').includes('Payments elsewhere'))
    assert.deepEqual(store.kb.search(LOCKED_SITE.id, 'payments', { limit: 5 }).map((hit) => hit.title), ['Payments elsewhere'])
    assert.equal(store.kb.search(null, 'payments', { lang: 'en', limit: 5 }).length, 3)
  })

  it('takes FTS5 syntax in what was typed as words', () => {
    assert.equal(titles('payment" OR NOT * NEAR(x', 'en')[0], 'Payment methods')
    assert.deepEqual(titles('"*'), [])
  })

  it('returns at most the limit, and nothing for a query with no words', () => {
    assert.equal(store.kb.search(SITE, 'the order payment delivery refund card', { limit: 2 }).length, 2)
    assert.deepEqual(store.kb.search(SITE, '?!', { limit: 5 }), [])
  })

  it('gives hits small plain-text snippets', () => {
    const [hit] = store.kb.search(SITE, 'security settings', { limit: 1 })
    assert.equal(hit!.id, 'password')
    assert.equal(hit!.snippet, 'Open Settings, then Security, and choose a new one.')
    assert.deepEqual(Object.keys(hit!).sort(), ['id', 'lang', 'site', 'snippet', 'tags', 'title', 'updatedAt'])
  })

  it('searches tags', () => {
    assert.deepEqual(titles('billing'), ['Payment methods'])
  })

  it('reindexes an article when it changes and forgets it when it is removed', () => {
    const added = store.kb.add(SITE, { lang: 'en', tags: [], title: 'Loyalty points', body: 'Points are earned on every purchase.' }, 2000)
    assert.match(added.id, /^[A-Za-z0-9_-]{12}$/)
    assert.deepEqual(titles('loyalty'), ['Loyalty points'])
    const updated = store.kb.update(SITE, added.id, { lang: 'en', tags: ['bonus'], title: 'Reward stars', body: 'Stars are earned on every purchase.' }, 3000)
    assert.equal(updated?.updatedAt, 3000)
    assert.deepEqual(titles('loyalty'), [])
    assert.deepEqual(titles('rewards'), ['Reward stars'])
    assert.deepEqual(store.kb.get(SITE, added.id)?.tags, ['bonus'])
    assert.equal(store.kb.remove(SITE, added.id), true)
    assert.deepEqual(titles('rewards'), [])
    assert.equal(store.kb.get(SITE, added.id), undefined)
    assert.equal(store.kb.remove(SITE, added.id), false)
    assert.equal(store.kb.update(SITE, added.id, { lang: 'en', tags: [], title: 'x', body: 'y' }), undefined)
  })

  it('lists a site’s articles by title, and finds an id by title', () => {
    const listed = store.kb.list(SITE)
    assert.equal(listed.length, ARTICLES.length)
    assert.equal(listed[0]!.title, 'Changing your password')
    assert.equal(store.kb.list([LOCKED_SITE.id]).length, 1)
    assert.equal(store.kb.idByTitle(SITE, 'Refunds'), 'refunds')
    assert.equal(store.kb.idByTitle(LOCKED_SITE.id, 'Refunds'), undefined)
  })

  it('refuses a second article with the same title or id on one site', () => {
    assert.throws(() => store.kb.add(SITE, { lang: 'en', tags: [], title: 'Refunds', body: 'again' }), /UNIQUE/)
    assert.throws(() => store.kb.add(SITE, { id: 'refunds', lang: 'en', tags: [], title: 'Other', body: 'again' }), /UNIQUE/)
    // Another site may reuse both.
    store.kb.add(LOCKED_SITE.id, { id: 'refunds', lang: 'en', tags: [], title: 'Refunds', body: 'theirs' })
  })
})
