import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { CLOSE, WS_PATH } from '../protocol/index.js'
import { PARLEY_BIN as BIN, spawnRelay } from '../scripts/spawn-relay.js'
import { openSocket, tempDir } from './testing.js'


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
    assert.match(parley('agent', 'list', '--db', db).stdout, /alice\tAlice\tagent\tcapacity 3\tbilling,ru/)
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
    ]) {
      const result = parley(...args, '--db', db)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, /^parley: /)
    }
    assert.equal(count('agents'), 1)
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
