import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { CLOSE, WS_PATH } from '../protocol/index.js'
import { PARLEY_BIN as BIN, spawnRelay } from '../scripts/spawn-relay.js'
import { DAY_MS } from './retention.js'
import { openStore } from './store/index.js'
import { databaseBytes, openSocket, seedVisitorHistory, tempDir } from './testing.js'


function parley(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('parley CLI', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string

  before(() => {
    tmp = tempDir()
    db = join(tmp.dir, 'cli.db')
  })
  after(() => tmp.remove())

  const count = (table: string): number => {
    const reader = new Database(db, { readonly: true })
    try {
      return (reader.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    } finally {
      reader.close()
    }
  }

  it('adds a site with origins and lists it', () => {
    const added = parley('site', 'add', 'acme', '--origin', 'https://acme.example', '--origin', 'http://localhost:3000', '--db', db)
    assert.equal(added.code, 0, added.stderr)
    assert.match(added.stdout, /identify secret/)
    assert.match(parley('site', 'list', '--db', db).stdout, /acme\thttps:\/\/acme\.example,http:\/\/localhost:3000/)
  })

  it('refuses bad site input with one line and exit 2, writing nothing', () => {
    const cases = [
      ['site', 'add', 'Bad Name!'],
      ['site', 'add', 'acme2', '--origin', 'https://acme.example/path'],
      ['site', 'add', 'acme2', '--origin', 'not a url'],
      ['site', 'add', 'acme2', '--secret', 'short'],
      ['site', 'add', 'acme'],
      ['site', 'add', 'acme2', '--colour', 'red'],
      ['site', 'remove', 'acme'],
    ]
    for (const args of cases) {
      const result = parley(...args, '--db', db)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, /^parley: .+\n$/, args.join(' '))
    }
    assert.equal(count('sites'), 1)
  })

  it('adds an operator with a scrypt hash, and refuses bad operator input', () => {
    const added = parley('agent', 'add', 'alice', '--name', 'Alice', '--password', 'long enough', '--skills', 'billing, ru', '--capacity', '3', '--db', db)
    assert.equal(added.code, 0, added.stderr)
    assert.match(parley('agent', 'list', '--db', db).stdout, /alice\tAlice\tagent\tcapacity 3\tbilling,ru\tevery site/)
    const reader = new Database(db, { readonly: true })
    const hash = (reader.prepare('SELECT password_hash FROM agents').get() as { password_hash: string }).password_hash
    reader.close()
    assert.match(hash, /^scrypt\$/)
    assert.ok(!hash.includes('long enough'))

    for (const args of [
      ['agent', 'add', 'bob'],
      ['agent', 'add', 'bob', '--password', 'short'],
      ['agent', 'add', 'bob', '--password', 'long enough', '--capacity', 'lots'],
      ['agent', 'add', 'bob', '--password', 'long enough', '--role', 'boss'],
      ['agent', 'add', 'alice', '--password', 'long enough'],
      ['agent', 'add', 'bob', '--password', 'long enough', '--site', 'nosuch'],
    ]) {
      const result = parley(...args, '--db', db)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, /^parley: /)
    }
    assert.equal(count('agents'), 1)

    // An operator of one site only (acme was added above).
    assert.equal(parley('agent', 'add', 'carol', '--password', 'long enough', '--site', 'acme', '--db', db).code, 0)
    assert.match(parley('agent', 'list', '--db', db).stdout, /carol\tcarol\tagent\tcapacity 4\t\tsites acme/)
  })

  describe('visitor', () => {
    // Every string stored for visitor A contains ALPHA, for B contains BRAVO.
    const ALPHA = 'qx-alpha-cli-3b8f'
    const BRAVO = 'qx-bravo-cli-90ae'
    const A = 'V1StGXR8_Z5jdHi6B-myT'
    const B = 'Uakgb_J5m9g-0JDMbcJqL'
    let vdb: string

    before(() => {
      vdb = join(tmp.dir, 'visitors.db')
      const store = openStore(vdb)
      store.sites.add({ id: 'shop', secret: 's'.repeat(20), origins: [] })
      store.agents.add({ id: 'alice', name: 'Alice', passwordHash: 'x', skills: [], capacity: 4, role: 'agent' })
      seedVisitorHistory(store, { id: A, site: 'shop', agent: 'alice', marker: ALPHA })
      seedVisitorHistory(store, { id: B, site: 'shop', agent: 'alice', marker: BRAVO })
      store.close()
    })

    it('exports a visitor as one JSON document with their messages, context and rating', () => {
      const result = parley('visitor', 'export', A, '--db', vdb)
      assert.equal(result.code, 0, result.stderr)
      const data = JSON.parse(result.stdout)
      assert.equal(data.visitor.id, A)
      assert.equal(data.visitor.context.plan, `${ALPHA}-plan`)
      assert.deepEqual(data.conversations[0].messages.map((m: { text: string }) => m.text), [`${ALPHA} asks where the parcel is`, `${ALPHA} gets an answer`])
      assert.deepEqual(data.conversations[0].rating, { score: 4, comment: `${ALPHA} rating comment` })
      assert.ok(!result.stdout.includes(BRAVO))
    })

    it('refuses an unknown visitor id with exit 2, pointing from what the agent page shows to the full id, and changes nothing', () => {
      const before = databaseBytes(vdb)
      for (const verb of ['export', 'delete']) {
        const unknown = parley('visitor', verb, 'no-such-visitor', '--db', vdb)
        assert.equal(unknown.code, 2, verb)
        assert.equal(unknown.stderr, 'parley: no visitor "no-such-visitor"\n')
        // The agent page labels an anonymous visitor with the first 6 characters of the id.
        const prefix = parley('visitor', verb, A.slice(0, 6), '--db', vdb)
        assert.equal(prefix.code, 2, verb)
        assert.match(prefix.stderr, new RegExp(`^parley: no visitor "${A.slice(0, 6)}"; did you mean ${A} \\(site shop, user id ${ALPHA}-user\\)\\?\n$`))
      }
      assert.ok(databaseBytes(vdb).equals(before), 'the file is byte for byte the same')
      const missing = join(tmp.dir, 'typo.db')
      const result = parley('visitor', 'export', A, '--db', missing)
      assert.equal(result.code, 2)
      assert.match(result.stderr, /^parley: no database at .*typo\.db/)
      assert.equal(existsSync(missing), false)
    })

    it('refuses bad input with one line and exit 2', () => {
      for (const args of [
        ['visitor'],
        ['visitor', 'forget', A],
        ['visitor', 'delete'],
        ['visitor', 'delete', A, B],
        ['visitor', 'delete', A, '--older-than', '3'],
        ['visitor', 'purge'],
        ['visitor', 'purge', A, '--older-than', '3'],
        ['visitor', 'purge', '--older-than', '0'],
        ['visitor', 'purge', '--older-than', '-5'],
        ['visitor', 'purge', '--older-than', '1.5'],
        ['visitor', 'purge', '--older-than', 'ninety'],
        ['visitor', 'purge', '--older-than', '99999999'],
      ]) {
        const result = parley(...args, '--db', vdb)
        assert.equal(result.code, 2, args.join(' '))
        assert.match(result.stderr, /^parley: .+\n$/, args.join(' '))
      }
      assert.match(parley('visitor', 'purge', '--older-than', '0', '--db', vdb).stderr, /--older-than must be a whole number of days from 1/)
      assert.equal(parley('visitor', 'export', A, '--db', vdb).code, 0)
    })

    it("deletes a visitor, prints what went, and leaves none of their bytes in the file", () => {
      const result = parley('visitor', 'delete', A, '--db', vdb)
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout, `deleted visitor "${A}": 1 visitor, 1 conversation, 2 messages, 1 rating, 1 transfer note, 1 operator link\n`)
      const bytes = databaseBytes(vdb).toString('latin1')
      assert.equal(bytes.includes(ALPHA), false, 'a marker of the deleted visitor is still in the file')
      assert.ok(bytes.includes(`${BRAVO} asks where the parcel is`))
      assert.equal(parley('visitor', 'export', A, '--db', vdb).code, 2)
      assert.equal(JSON.parse(parley('visitor', 'export', B, '--db', vdb).stdout).conversations[0].contactEmail, `${BRAVO}-contact@example.com`)
    })

    it('purges conversations idle for more than N days and keeps newer ones', () => {
      const pdb = join(tmp.dir, 'purge.db')
      const store = openStore(pdb)
      store.sites.add({ id: 'shop', secret: 's'.repeat(20), origins: [] })
      store.agents.add({ id: 'alice', name: 'Alice', passwordHash: 'x', skills: [], capacity: 4, role: 'agent' })
      seedVisitorHistory(store, { id: A, site: 'shop', agent: 'alice', marker: ALPHA, at: Date.now() - 91 * DAY_MS })
      seedVisitorHistory(store, { id: B, site: 'shop', agent: 'alice', marker: BRAVO, at: Date.now() - 89 * DAY_MS })
      store.close()
      const result = parley('visitor', 'purge', '--older-than', '90', '--db', pdb)
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^deleted what was idle for more than 90 days: 1 visitor, 1 conversation, 2 messages, 1 rating/)
      const bytes = databaseBytes(pdb).toString('latin1')
      assert.equal(bytes.includes(ALPHA), false)
      assert.ok(bytes.includes(BRAVO))
    })

    it('serve --retention-days purges at start and refuses a bad number', async () => {
      for (const days of ['0', 'week', '2.5']) {
        const result = parley('serve', '--port', '0', '--retention-days', days, '--db', join(tmp.dir, 'never.db'))
        assert.equal(result.code, 2, days)
        assert.match(result.stderr, /^parley: --retention-days must be a whole number of days/)
      }
      assert.equal(existsSync(join(tmp.dir, 'never.db')), false)

      const sdb = join(tmp.dir, 'retention.db')
      const store = openStore(sdb)
      store.sites.add({ id: 'shop', secret: 's'.repeat(20), origins: [] })
      store.agents.add({ id: 'alice', name: 'Alice', passwordHash: 'x', skills: [], capacity: 4, role: 'agent' })
      seedVisitorHistory(store, { id: A, site: 'shop', agent: 'alice', marker: ALPHA, at: Date.now() - 8 * DAY_MS })
      seedVisitorHistory(store, { id: B, site: 'shop', agent: 'alice', marker: BRAVO })
      store.close()
      const { child } = await spawnRelay(sdb, { extra: ['--retention-days', '7'], onStderr: () => {} })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      child.kill('SIGTERM')
      assert.equal(await exited, 0)
      const reader = new Database(sdb, { readonly: true })
      const ids = (reader.prepare('SELECT id FROM visitors ORDER BY id').all() as { id: string }[]).map((r) => r.id)
      reader.close()
      assert.deepEqual(ids, [B])
    })
  })

  it('rejects an unknown command with usage', () => {
    const result = parley('launch')
    assert.equal(result.code, 2)
    assert.match(result.stderr, /unknown command "launch"/)
  })

  it('drains on SIGTERM: acked messages are in the file and sockets are told to come back', async () => {
    const serveDb = join(tmp.dir, 'serve.db')
    const { child, url } = await spawnRelay(serveDb, { extra: ['--demo'] })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const socket = await openSocket(`${url.replace('http', 'ws')}${WS_PATH.visitor}`)
    socket.send({ type: 'hello', site: 'demo' })
    await socket.next('welcome')
    socket.send({ type: 'msg', cid: 'drain-test-cid-1', text: 'before shutdown' })
    await socket.next('ack')

    child.kill('SIGTERM')
    assert.equal(await socket.closed, CLOSE.RESTART)
    assert.equal(await exited, 0)
    const reader = new Database(serveDb, { readonly: true })
    const row = reader.prepare('SELECT text FROM messages WHERE cid = ?').get('drain-test-cid-1') as { text: string } | undefined
    reader.close()
    assert.equal(row?.text, 'before shutdown')
  })
})
