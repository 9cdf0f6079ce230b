/** `parley token add | list | revoke`, run in this process through the CLI's own entry. */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runParley } from './cli-testing.js'
import { hashToken } from './secrets.js'
import { openStore, type ApiToken } from './store/index.js'
import { LOCKED_SITE, TEST_SITE, databaseBytes, seededDb, tempDir } from './testing.js'

const parley = runParley

describe('parley token', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string

  before(() => {
    tmp = tempDir()
    db = seededDb(tmp.dir)
  })
  after(() => tmp.remove())

  const tokens = (): ApiToken[] => {
    const store = openStore(db)
    try {
      return store.apiTokens.list()
    } finally {
      store.close()
    }
  }
  /** The site a token acts for, as the relay would find it; undefined when it is refused. */
  const siteOf = (token: string): string | undefined => {
    const store = openStore(db)
    try {
      return store.apiTokens.use(hashToken(token))?.siteId
    } finally {
      store.close()
    }
  }
  const printedToken = (stdout: string) => /: (prl_[A-Za-z0-9_-]{43})$/m.exec(stdout)?.[1]

  it('adds a token for a site, prints it once, and stores only its hash', async () => {
    const result = await parley('token', 'add', TEST_SITE.id, '--name', 'ci', '--db', db)
    assert.equal(result.code, 0, result.stderr)
    const token = printedToken(result.stdout)
    assert.ok(token, result.stdout)
    assert.equal(siteOf(token), TEST_SITE.id)
    const [stored] = tokens()
    assert.equal(stored?.name, 'ci')
    assert.match(result.stdout, new RegExp(`added token ${stored!.id} "ci" for site "shop"`))
    assert.ok(!databaseBytes(db).includes(token), 'the token itself is not in the file')
    assert.ok(!(await parley('token', 'list', '--db', db)).stdout.includes(token), 'nor ever printed again')
  })

  it('names a token "api" when --name is left out', async () => {
    const result = await parley('token', 'add', LOCKED_SITE.id, '--db', db)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(siteOf(printedToken(result.stdout)!), LOCKED_SITE.id)
    assert.equal(tokens().find((t) => t.siteId === LOCKED_SITE.id)?.name, 'api')
  })

  it('lists tokens, of one site with --site', async () => {
    const all = await parley('token', 'list', '--db', db)
    assert.equal(all.code, 0, all.stderr)
    assert.equal(all.stdout.trim().split('\n').length, 2)
    assert.match(all.stdout, /^tok_\S+\tshop\tci\tcreated \S+\tlast used \S+\tactive$/m)
    const one = await parley('token', 'list', '--site', LOCKED_SITE.id, '--db', db)
    assert.deepEqual(one.stdout.trim().split('\n').map((line) => line.split('\t')[1]), [LOCKED_SITE.id])
  })

  it('revokes a token: it is refused from then on and listed as revoked', async () => {
    const added = await parley('token', 'add', TEST_SITE.id, '--name', 'temporary', '--db', db)
    const token = printedToken(added.stdout)!
    const id = tokens().find((t) => t.name === 'temporary')!.id
    const result = await parley('token', 'revoke', id, '--db', db)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(siteOf(token), undefined)
    assert.match((await parley('token', 'list', '--db', db)).stdout, new RegExp(`^${id}\\t.*\\trevoked \\S+$`, 'm'))
    const twice = await parley('token', 'revoke', id, '--db', db)
    assert.equal(twice.code, 2)
    assert.match(twice.stderr, /already revoked/)
  })

  it('exits 2 with a one-line reason on bad input, and writes nothing', async () => {
    const before = tokens()
    const cases: [string[], RegExp][] = [
      [['token', 'add', 'no-such-site'], /no site "no-such-site"/],
      [['token', 'add'], /needs a site/],
      [['token', 'add', TEST_SITE.id, 'extra'], /unexpected argument "extra"/],
      [['token', 'add', TEST_SITE.id, '--name', ' '], /--name must be/],
      [['token', 'add', TEST_SITE.id, '--name', 'two\nlines'], /--name must be/],
      [['token', 'add', TEST_SITE.id, '--name', 'x'.repeat(65)], /--name must be/],
      [['token', 'add', TEST_SITE.id, '--site', TEST_SITE.id], /--site does not go with token add/],
      [['token', 'list', '--name', 'ci'], /--name does not go with token list/],
      [['token', 'list', '--site', 'no-such-site'], /no site "no-such-site"/],
      [['token', 'revoke'], /needs an id/],
      [['token', 'revoke', 'tok_nothing'], /no token "tok_nothing"/],
      [['token', 'rotate'], /token takes "add", "list" or "revoke"/],
      [['token', 'add', TEST_SITE.id, '--colour', 'red'], /colour/],
    ]
    for (const [args, reason] of cases) {
      const result = await parley(...args, '--db', db)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, reason, args.join(' '))
      assert.equal(result.stderr.trim().split('\n').length, 1, args.join(' '))
      assert.equal(result.stdout, '', args.join(' '))
    }
    assert.deepEqual(tokens(), before)
  })

  it('does not create a database that --db names by mistake', async () => {
    const missing = join(tmp.dir, 'typo.db')
    const result = await parley('token', 'add', TEST_SITE.id, '--db', missing)
    assert.equal(result.code, 2)
    assert.match(result.stderr, /no database at/)
    assert.equal(existsSync(missing), false)
  })
})
