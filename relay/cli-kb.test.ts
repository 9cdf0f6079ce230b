import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runParley } from './cli-testing.js'
import { parseMarkdownArticle } from './cli-kb.js'
import { openStore } from './store/index.js'
import { TEST_SITE, seededDb, tempDir } from './testing.js'

const parley = runParley

const ARTICLES = [
  { id: 'payments', title: 'Payment methods', body: 'We accept cards and bank transfer.', tags: ['billing'] },
  { title: 'Способы оплаты', body: 'Платёж картой.', lang: 'ru' },
  { title: 'Formas de pagamento', body: 'Aceitamos Pix.', lang: 'pt' },
]

describe('parley kb', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string

  before(() => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
  })
  after(() => tmp.remove())

  const write = (name: string, content: unknown) => {
    const path = join(tmp.dir, name)
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
    return path
  }
  /** Every article of the test site, read from the file the CLI wrote. */
  const articles = () => {
    const store = openStore(db)
    try {
      return store.kb.list(TEST_SITE.id).map((hit) => ({ ...store.kb.get(TEST_SITE.id, hit.id)!, updatedAt: 0 }))
    } finally {
      store.close()
    }
  }

  it('imports a JSON file of articles, each in its language, and lists them', async () => {
    const result = await parley('kb', 'import', write('help.json', ARTICLES), '--site', TEST_SITE.id, '--db', db)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /3 added, 0 updated, 0 unchanged/)
    const byTitle = new Map(articles().map((a) => [a.title, a]))
    assert.equal(byTitle.get('Payment methods')?.id, 'payments')
    assert.deepEqual(byTitle.get('Payment methods')?.tags, ['billing'])
    assert.equal(byTitle.get('Payment methods')?.lang, 'en')
    assert.equal(byTitle.get('Способы оплаты')?.lang, 'ru')
    assert.equal(byTitle.get('Formas de pagamento')?.lang, 'pt')
    const listed = await parley('kb', 'list', '--site', TEST_SITE.id, '--db', db)
    assert.equal(listed.code, 0, listed.stderr)
    assert.match(listed.stdout, /^shop\tpayments\ten\tPayment methods\tbilling$/m)
    assert.equal(listed.stdout.trim().split('\n').length, 3)
  })

  it('updates rather than duplicates on a second import, by id or by title', async () => {
    const again = await parley('kb', 'import', join(tmp.dir, 'help.json'), '--site', TEST_SITE.id, '--db', db)
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /0 added, 0 updated, 3 unchanged/)
    const before = articles()

    const edited = [{ ...ARTICLES[0], title: 'Ways to pay' }, { ...ARTICLES[1], body: 'Платёж картой или переводом.' }, ARTICLES[2]]
    const result = await parley('kb', 'import', write('help.json', edited), '--site', TEST_SITE.id, '--db', db)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /0 added, 2 updated, 1 unchanged/)
    const after = articles()
    assert.equal(after.length, before.length)
    assert.equal(after.find((a) => a.id === 'payments')?.title, 'Ways to pay')
    assert.equal(after.find((a) => a.title === 'Способы оплаты')?.body, 'Платёж картой или переводом.')
    // The article found by its title keeps its id.
    assert.equal(after.find((a) => a.title === 'Способы оплаты')?.id, before.find((a) => a.title === 'Способы оплаты')?.id)
  })

  it('imports a folder of Markdown files, and again without duplicates', async () => {
    const folder = join(tmp.dir, 'md')
    mkdirSync(folder)
    writeFileSync(join(folder, 'refund-policy.md'), '# Refund policy\ntags: billing, refunds\n\nAsk within **30 days**.\n\n## Details\nMoney goes back to the card.\n')
    writeFileSync(join(folder, 'Prazo de entrega.md'), '\n# Prazo de entrega\nlang: pt\n\nA entrega leva 3 dias.')
    writeFileSync(join(folder, 'notes.txt'), 'not an article')
    const result = await parley('kb', 'import', folder, '--site', TEST_SITE.id, '--db', db)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /2 added/)
    const refund = articles().find((a) => a.id === 'refund-policy')
    assert.deepEqual(refund, { id: 'refund-policy', site: TEST_SITE.id, title: 'Refund policy', body: 'Ask within **30 days**.\n\n## Details\nMoney goes back to the card.', lang: 'en', tags: ['billing', 'refunds'], updatedAt: 0 })
    assert.equal(articles().find((a) => a.title === 'Prazo de entrega')?.lang, 'pt')

    writeFileSync(join(folder, 'refund-policy.md'), '# Refunds\nAsk within 30 days.')
    const again = await parley('kb', 'import', folder, '--site', TEST_SITE.id, '--db', db)
    assert.match(again.stdout, /0 added, 1 updated, 1 unchanged/)
    assert.equal(articles().find((a) => a.id === 'refund-policy')?.title, 'Refunds')
    assert.equal(articles().length, 5)
  })

  it('refuses a bad file, folder or flag with exit 2 and one line, writing nothing', async () => {
    const before = articles()
    const emptyFolder = join(tmp.dir, 'empty')
    mkdirSync(emptyFolder)
    const bad: string[][] = [
      [write('broken.json', '[{"title":')],
      [write('object.json', { title: 'x', body: 'y' })],
      [write('none.json', [])],
      [write('nobody.json', [{ title: 'New one', body: 'fine' }, { title: 'No body' }])],
      [write('badlang.json', [{ title: 'New one', body: 'fine' }, { title: 'Deutsch', body: 'x', lang: 'de' }])],
      [write('twice.json', [{ title: 'Same', body: 'a' }, { title: 'Same', body: 'b' }])],
      [write('badid.json', [{ id: 'has spaces', title: 'x', body: 'y' }])],
      // Valid on its own, but its title belongs to another article: the entry before it must not land either.
      [write('clash.json', [{ title: 'Brand new', body: 'fine' }, { id: 'other-id', title: 'Refunds', body: 'x' }])],
      [write('untitled.md', 'No heading here\n# Late title')],
      [emptyFolder],
      [join(tmp.dir, 'missing.json')],
      [write('ok.json', [{ title: 'Fine', body: 'fine' }]), '--lang', 'de'],
    ]
    for (const args of bad) {
      const result = await parley('kb', 'import', ...args, '--site', TEST_SITE.id, '--db', db)
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`)
      assert.match(result.stderr, /^parley: .+\n$/, args.join(' '))
    }
    const ok = join(tmp.dir, 'ok.json')
    for (const args of [
      ['kb', 'import', ok, '--db', db],
      ['kb', 'import', ok, '--site', 'nosuch', '--db', db],
      ['kb', 'import', ok, '--site', TEST_SITE.id, '--db', join(tmp.dir, 'typo.db')],
      ['kb', 'import', '--site', TEST_SITE.id, '--db', db],
      ['kb', 'list', '--site', 'nosuch', '--db', db],
      ['kb', 'remove', '--db', db],
      ['kb', 'import', ok, '--site', TEST_SITE.id, '--colour', 'red', '--db', db],
    ]) {
      const result = await parley(...args)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, /^parley: .+\n$/, args.join(' '))
    }
    assert.deepEqual(articles(), before)
  })
})

describe('parseMarkdownArticle', () => {
  it('takes the title from the heading, tags and lang from the lines under it, and the id from the file name', () => {
    assert.deepEqual(parseMarkdownArticle('# Gift cards #\nTags: gifts ,cards\nlang: en\nThey never expire.', 'gift-cards.md'), {
      id: 'gift-cards',
      title: 'Gift cards',
      tags: ['gifts', 'cards'],
      lang: 'en',
      body: 'They never expire.',
    })
    assert.deepEqual(parseMarkdownArticle('# Título\n\ntexto', 'Título com espaço.md'), { title: 'Título', body: 'texto' })
  })
})
