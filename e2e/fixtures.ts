/**
 * @module e2e/fixtures — real parts for the browser specs: the built relay as its own process
 * on a fresh SQLite file (site and operator added with the real CLI), and the example pages
 * served from a second origin, the way a site owner's page embeds the widget.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { WebSocket } from 'ws'
import { createFaultProxy, type FaultProxy } from '../scripts/fault-proxy.js'
import { PARLEY_BIN, freePort, spawnRelay } from '../scripts/spawn-relay.js'

export { freePort }

const ROOT = join(import.meta.dirname, '..')

export const SITE = 'demo'
export const OPERATOR = { login: 'alice', name: 'Alice Operator', password: 'e2e-password' }

export interface RelayProcess {
  url: string
  db: string
  child: ChildProcess
}

function cli(...args: string[]): void {
  const result = spawnSync(process.execPath, [PARLEY_BIN, ...args], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`parley ${args.join(' ')} failed: ${result.stderr}`)
}

export async function startRelayProcess(db: string, port = 0, extra: string[] = []): Promise<RelayProcess> {
  const { child, url } = await spawnRelay(db, { port, extra })
  return { url, db, child }
}

export async function stopRelayProcess(relay: RelayProcess): Promise<void> {
  if (relay.child.exitCode !== null || relay.child.signalCode !== null) return
  const exited = new Promise((resolve) => relay.child.once('exit', resolve))
  relay.child.kill('SIGTERM')
  await exited
}

/** A fresh database file with the e2e site and operator, added through the real CLI. */
export interface OperatorAccount {
  login: string
  name: string
  password: string
  capacity?: number
  skills?: string[]
  /** Supervisors may also change the knowledge base and handle colleagues' chats. */
  role?: 'agent' | 'supervisor'
}

export function seededDatabase(operators: OperatorAccount[] = [OPERATOR]): { db: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'))
  const db = join(dir, 'parley.db')
  cli('site', 'add', SITE, '--db', db)
  for (const op of operators) {
    const extra = [
      ...(op.capacity ? ['--capacity', String(op.capacity)] : []),
      ...(op.skills ? ['--skills', op.skills.join(',')] : []),
      ...(op.role ? ['--role', op.role] : []),
    ]
    cli('agent', 'add', op.login, '--name', op.name, '--password', op.password, ...extra, '--db', db)
  }
  return { db, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Serves examples/ from another origin, pointing their script tags at the relay under test. */
export async function startExampleServer(relayUrl: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\//, '')
    if (name === 'favicon.ico') return void res.writeHead(204).end() // browsers ask; pages need none
    if (!/^[a-z-]+\.html$/.test(name)) {
      res.writeHead(404).end()
      return
    }
    try {
      const html = readFileSync(join(ROOT, 'examples', name), 'utf8').replaceAll('http://localhost:8787', relayUrl)
      const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' }
      // The header the example's own comment asks a site owner to send.
      if (name === 'strict-csp.html') {
        const ws = relayUrl.replace(/^http/, 'ws')
        headers['Content-Security-Policy'] = `default-src 'self'; script-src ${relayUrl}; connect-src ${relayUrl} ${ws}; style-src 'self'`
      }
      res.writeHead(200, headers).end(html)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // The relay listens on 127.0.0.1; "localhost" makes the page a different origin (and site).
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * A relay of its own for a spec that breaks things: a fixed port (so it can come back on the
 * same address), the fault proxy in front of it, and the example pages pointing at the proxy.
 * The agent page talks to the relay directly; only the visitor's link goes through the faults.
 */
export interface FaultyRelay {
  relay: RelayProcess
  proxy: FaultProxy
  examples: string
  /** Stops the relay (SIGTERM, or SIGKILL for a crash) and starts it again on the same port and file. */
  restart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>
  start(): Promise<void>
}

export const test = base.extend<{ faulty: FaultyRelay }, { relay: RelayProcess; examples: string }>({
  faulty: async ({}, use) => {
    const database = seededDatabase()
    const port = await freePort()
    let relay = await startRelayProcess(database.db, port)
    const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port } })
    const examples = await startExampleServer(proxy.url)
    const kill = async (signal: 'SIGTERM' | 'SIGKILL') => {
      if (relay.child.exitCode !== null || relay.child.signalCode !== null) return
      const exited = new Promise((resolve) => relay.child.once('exit', resolve))
      relay.child.kill(signal)
      await exited
    }
    const start = async () => {
      relay = await startRelayProcess(database.db, port)
    }
    await use({
      get relay() {
        return relay
      },
      proxy,
      examples: examples.origin,
      kill,
      start,
      async restart(signal = 'SIGTERM') {
        await kill(signal)
        await start()
      },
    })
    await examples.close()
    await proxy.close()
    await stopRelayProcess(relay)
    database.remove()
  },

  relay: [
    async ({}, use) => {
      const database = seededDatabase()
      const relay = await startRelayProcess(database.db)
      await use(relay)
      await stopRelayProcess(relay)
      database.remove()
    },
    { scope: 'worker' },
  ],
  examples: [
    async ({ relay }, use) => {
      const examples = await startExampleServer(relay.url)
      await use(examples.origin)
      await examples.close()
    },
    { scope: 'worker' },
  ],
})

export { expect }

/** Logs the operator in on the relay's own agent page. */
export async function loginAsOperator(page: Page, relayUrl: string, operator: OperatorAccount = OPERATOR): Promise<void> {
  await page.goto(`${relayUrl}/agent`)
  await page.getByLabel('Login').fill(operator.login)
  await page.getByLabel('Password').fill(operator.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
}

/** Collects console errors and page errors, so a spec can assert the widget stayed quiet. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text())
  })
  page.on('pageerror', (err) => problems.push(err.message))
  return problems
}

/** Opens the widget on a visitor's page and returns its parts, as a visitor would find them. */
export async function openWidget(page: Page) {
  await page.getByRole('button', { name: 'Open chat' }).click()
  const composer = page.getByRole('textbox', { name: 'Write a message' })
  const log = page.getByRole('log')
  return {
    composer,
    log,
    /** Writes a message the way a visitor does: type, press Enter. */
    async write(text: string): Promise<void> {
      await composer.fill(text)
      await composer.press('Enter')
    },
  }
}

/** Reads what the widget keeps in IndexedDB for a site (database parley-<site>, store "log"). */
export function readDeviceLog(page: Page, key: string, site = SITE): Promise<unknown> {
  return page.evaluate(
    ([site, key]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(`parley-${site}`)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('log')) return resolve(undefined)
          const get = db.transaction('log').objectStore('log').get(key)
          get.onsuccess = () => resolve(get.result)
          get.onerror = () => reject(get.error)
        }
      }),
    [site, key] as const,
  )
}

/**
 * A visitor without a browser, speaking the protocol over a plain WebSocket: fills operators'
 * capacity and the queue around the one visitor a spec watches in Chromium.
 */
export async function rawVisitor(relayUrl: string, text: string): Promise<{ conv: string; states: { position: number | null; status: string | null }[]; close(): void }> {
  const ws = new WebSocket(`${relayUrl.replace('http', 'ws')}/v1/visitor`)
  const states: { position: number | null; status: string | null }[] = []
  const acked = new Promise<string>((resolve, reject) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; conv?: string; position?: number | null; status?: string | null }
      if (frame.type === 'ack') resolve(frame.conv!)
      if (frame.type === 'state') states.push({ position: frame.position ?? null, status: frame.status ?? null })
    })
    ws.once('error', reject)
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(JSON.stringify({ type: 'hello', site: SITE }))
  ws.send(JSON.stringify({ type: 'msg', cid: `raw-${Math.random().toString(36).slice(2, 14)}`, text }))
  return { conv: await acked, states, close: () => ws.close() }
}
