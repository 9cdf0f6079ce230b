/**
 * Webhooks survive a crash (issue 8): events recorded while the receiver is down, the relay
 * killed with SIGKILL, the receiver back, the relay started again on the same file — every event
 * arrives, and a repeat is dropped by id. The relay and the example receiver
 * (examples/webhook-receiver.mjs) both run as real child processes.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { WEBHOOK_EVENTS, WS_PATH } from '../protocol/index.js'
import { freePort, spawnRelay } from '../scripts/spawn-relay.js'
import { hashPassword } from './secrets.js'
import { openStore } from './store/index.js'
import { TEST_AGENT, TEST_SITE, loginCookie, openSocket, seededDb, tempDir, type TestSocket } from './testing.js'

const RECEIVER = join(import.meta.dirname, '..', 'examples', 'webhook-receiver.mjs')
const SECRET = 'receiver-secret-0123456789'
const cid = (n: string) => `restart-${n}`.padEnd(12, '0')

/** A child process whose stdout and stderr lines are kept. */
interface Proc {
  child: ChildProcess
  out: string[]
  err: string[]
  stop(signal?: NodeJS.Signals): Promise<void>
}

function watch(child: ChildProcess, out: string[] = [], err: string[] = []): Proc {
  const lines = (into: string[]) => {
    let partial = ''
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n')
      partial = parts.pop()!
      into.push(...parts)
    }
  }
  child.stdout?.on('data', lines(out))
  child.stderr?.on('data', lines(err))
  return {
    child,
    out,
    err,
    stop: (signal = 'SIGKILL') =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => {
            child.once('exit', () => resolve())
            child.kill(signal)
          }),
  }
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

async function startReceiver(port: number): Promise<Proc> {
  const receiver = watch(spawn(process.execPath, [RECEIVER, '--port', String(port)], { env: { ...process.env, PARLEY_WEBHOOK_SECRET: SECRET } }))
  await until('the receiver to listen', () => receiver.err.some((line) => line.includes('listening on')), 10_000)
  return receiver
}

async function startRelay(db: string): Promise<Proc & { url: string }> {
  // 100 ms before the first retry (doubling): the run takes seconds, not the default's minutes.
  const { child, url } = await spawnRelay(db, { fromSource: true, extra: ['--webhook-retry', '100'], onStderr: () => {} })
  return { ...watch(child), url }
}

function query<T>(db: string, sql: string): T[] {
  const reader = new Database(db, { readonly: true })
  try {
    return reader.prepare(sql).all() as T[]
  } finally {
    reader.close()
  }
}

const running: Proc[] = []
after(async () => {
  await Promise.all(running.map((p) => p.stop()))
})

describe('webhook delivery across a kill -9', () => {
  const tmp = tempDir()
  after(() => tmp.remove())

  it('delivers every event recorded while the receiver was down once the relay is back, and the receiver drops repeats by id', async () => {
    const db = seededDb(tmp.dir)
    const receiverPort = await freePort() // nothing listens there yet: the receiver is down
    const store = openStore(db)
    store.agents.add({ id: 'bob', name: 'Bob', passwordHash: hashPassword('operator password'), skills: [], capacity: 4, role: 'agent' })
    store.webhooks.add({ siteId: TEST_SITE.id, url: `http://127.0.0.1:${receiverPort}/parley`, secret: SECRET, events: [] })
    store.close()

    let relay = await startRelay(db)
    running.push(relay)
    const ws = relay.url.replace('http', 'ws')
    const operator = async (login: string, password: string): Promise<TestSocket> => {
      const socket = await openSocket(`${ws}${WS_PATH.agent}`, { Cookie: await loginCookie(relay.url, login, password) })
      socket.send({ type: 'hello' })
      await socket.next('welcome')
      return socket
    }
    const stateWhere = async (socket: TestSocket, match: (s: Record<string, any>) => boolean) => {
      for (;;) {
        const state = await socket.next('state', 10_000)
        if (match(state)) return state
      }
    }

    // One conversation through every event type, and the start of a second.
    const alice = await operator(TEST_AGENT.id, TEST_AGENT.password)
    const visitor = await openSocket(`${ws}${WS_PATH.visitor}`)
    visitor.send({ type: 'hello', site: TEST_SITE.id })
    await visitor.next('welcome')
    for (const n of [1, 2, 3]) visitor.send({ type: 'msg', cid: cid(`v${n}`), text: `Visitor line ${n}` })
    const acks = [await visitor.next('ack'), await visitor.next('ack'), await visitor.next('ack')]
    const conv = acks[0]!.conv as string
    await stateWhere(visitor, (s) => s.agent === 'Alice')
    const bob = await operator('bob', 'operator password')
    alice.send({ type: 'msg', conv, cid: cid('a1'), text: 'Alice answers' })
    await alice.next('ack')
    alice.send({ type: 'transfer', conv, agent: 'bob', note: 'Over to you' })
    await stateWhere(visitor, (s) => s.agent === 'Bob')
    bob.send({ type: 'close', conv })
    await stateWhere(visitor, (s) => s.status === 'closed')
    visitor.send({ type: 'rate', conv, score: 2, comment: 'Slow' })
    await stateWhere(visitor, (s) => s.rating !== null)
    visitor.send({ type: 'msg', cid: cid('again'), text: 'A new question' })
    assert.notEqual((await visitor.next('ack')).conv, conv) // acked after the commit: its events are on disk
    // The receiver refused every try so far; let a few retries fail before the crash.
    await until('failed tries', () => query<{ n: number }>(db, 'SELECT count(*) AS n FROM webhook_outbox WHERE attempts > 0')[0]!.n > 0)

    await relay.stop('SIGKILL')
    for (const s of [alice, bob, visitor]) s.close()
    const recorded = query<{ event_id: string; type: string; delivered_at: number | null }>(db, 'SELECT event_id, type, delivered_at FROM webhook_outbox ORDER BY id')
    assert.ok(recorded.every((r) => r.delivered_at === null), 'nothing delivered while the receiver was down')
    assert.deepEqual([...new Set(recorded.map((r) => r.type))].sort(), [...WEBHOOK_EVENTS].sort())
    const messages = query<{ n: number }>(db, 'SELECT count(*) AS n FROM messages')[0]!.n
    assert.equal(recorded.filter((r) => r.type === 'message.created').length, messages, 'one event per stored message')
    assert.equal(recorded.filter((r) => r.type === 'conversation.created').length, 2)

    const receiver = await startReceiver(receiverPort)
    running.push(receiver)
    relay = await startRelay(db)
    running.push(relay)
    await until('every event at the receiver', () => receiver.out.length >= recorded.length)
    await until('every delivery marked', () => query<{ n: number }>(db, 'SELECT count(*) AS n FROM webhook_outbox WHERE delivered_at IS NULL')[0]!.n === 0)
    const logged = receiver.out.map((line) => JSON.parse(line) as { id: string; type: string })
    assert.deepEqual(logged.map((e) => e.id).sort(), recorded.map((r) => r.event_id).sort(), 'every event arrived, each once')

    // A repeat: deliveries the receiver got, but whose "delivered" never reached the disk (a crash
    // in between). The relay sends them again; the receiver drops them by id.
    await relay.stop('SIGKILL')
    const repeated = recorded.slice(0, 3).map((r) => r.event_id)
    const writer = new Database(db)
    writer.prepare(`UPDATE webhook_outbox SET delivered_at = NULL, next_attempt_at = 0 WHERE event_id IN (${repeated.map(() => '?').join(',')})`).run(...repeated)
    writer.close()
    relay = await startRelay(db)
    running.push(relay)
    await until('the repeats to be answered', () => receiver.err.filter((line) => line.includes('duplicate')).length === 3)
    assert.deepEqual(receiver.err.filter((line) => line.includes('duplicate')).sort(), repeated.map((id) => `duplicate ${id} dropped`).sort())
    assert.equal(receiver.out.length, recorded.length, 'no event logged twice')
    await until('the repeats marked delivered', () => query<{ n: number }>(db, 'SELECT count(*) AS n FROM webhook_outbox WHERE delivered_at IS NULL')[0]!.n === 0)
    await relay.stop('SIGTERM')
  })
})

describe('the example webhook receiver', () => {
  it('logs a correctly signed event, and refuses a wrong signature, a stale timestamp and a missing header', async () => {
    const receiver = await startReceiver(await freePort())
    running.push(receiver)
    const url = `http://127.0.0.1:${/listening on http:\/\/[^:]+:(\d+)/.exec(receiver.err.join('\n'))![1]}/`
    const body = JSON.stringify({ id: 'evt_test', type: 'conversation.created', createdAt: 0, site: 'shop', data: {} })
    const sign = (t: number, secret = SECRET) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
    const post = async (signature?: string) =>
      (await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...(signature && { 'Parley-Signature': signature }) } })).status
    const now = Math.floor(Date.now() / 1000)

    assert.equal(await post(sign(now, 'not-the-secret-0123456789')), 401)
    assert.equal(await post(sign(now - 10 * 60)), 401)
    const good = sign(now)
    assert.equal(await post(`${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`), 401)
    assert.equal(await post(), 401)
    assert.equal(receiver.out.length, 0, 'nothing refused is logged as an event')
    assert.equal(await post(sign(now)), 200)
    await until('the event line', () => receiver.out.length === 1)
    assert.deepEqual(JSON.parse(receiver.out[0]!), JSON.parse(body))
    await receiver.stop('SIGTERM')
  })
})
