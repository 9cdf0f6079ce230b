/**
 * @module scripts/bench/widget-browser — the widget on a slow link, in Chromium: the built relay
 * (bin/parley.js serve), examples/basic.html served from another origin, and the network
 * throttled over CDP. Times from navigation start (the page's own clock): launcher visible,
 * widget open after a click (composer shown), and the visitor's first message shown in the log
 * as sent — which means acked by the relay after its commit.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { chromiumPath } from '../../e2e/chromium.js'
import { spawnRelay } from '../spawn-relay.js'
import { killOnExit } from './relay-process.js'
import type { SectionContext } from './section.js'
import { BENCH_SITE, createBenchDb } from './seed.js'
import { closeWebSocket } from './socket.js'
import { openOperator } from './operator.js'

/** Slow 3G as the issue describes it: 400 ms latency, about 400 kbit/s each way (CDP takes bytes/s). */
export const SLOW_3G = { latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 }
const STEP_TIMEOUT_MS = 30_000
const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'basic.html')

export interface PageLoad {
  launcherMs: number
  widgetOpenMs: number
  firstMessageMs: number
  /** From pressing Enter to the message shown as sent. */
  sendToSentMs: number
}

/** The site owner's page on another origin ("localhost" vs the relay's 127.0.0.1), pointing at the relay. */
async function serveHostPage(relayUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = readFileSync(EXAMPLE, 'utf8').replaceAll('http://localhost:8787', relayUrl).replace('data-site="demo"', `data-site="${BENCH_SITE}"`)
  const server = createServer((req, res) => {
    if (req.url !== '/basic.html') return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/basic.html`,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

async function loadOnce(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext() // a first visit: empty cache, no stored visitor
  try {
    const page = await context.newPage()
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_3G })
    const now = () => page.evaluate(() => performance.now())

    await page.goto(url, { waitUntil: 'commit' })
    const launcher = page.getByRole('button', { name: 'Open chat' })
    await launcher.waitFor({ state: 'visible' })
    const launcherMs = await now()
    await launcher.click()
    const composer = page.getByRole('textbox', { name: 'Write a message' })
    await composer.waitFor({ state: 'visible' })
    const widgetOpenMs = await now()
    await composer.fill('Hello from the bench: is my order on its way?')
    await composer.press('Enter')
    const sentAt = await now()
    await page.getByRole('log').locator('[data-delivery="sent"]').first().waitFor({ state: 'visible' })
    const firstMessageMs = await now()
    return { launcherMs, widgetOpenMs, firstMessageMs, sendToSentMs: firstMessageMs - sentAt }
  } finally {
    await context.close()
  }
}

export async function measurePageLoads(context: SectionContext, runs: number): Promise<PageLoad[]> {
  const db = createBenchDb({ operators: 1, capacity: 100 })
  db.close()
  context.defer(() => db.remove())
  const relay = await spawnRelay(db.path, { onStderr: () => {} })
  killOnExit(relay.child)
  context.defer(async () => {
    const exited = new Promise((resolve) => relay.child.once('exit', resolve))
    relay.child.kill('SIGTERM')
    await exited
  })
  // An operator online, so the widget offers a chat rather than "leave a message".
  const operator = await openOperator({ wsUrl: relay.url.replace(/^http/, 'ws'), operator: db.operators[0]! })
  context.defer(() => closeWebSocket(operator.ws))
  const host = await serveHostPage(relay.url)
  context.defer(() => host.close())
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  context.defer(() => browser.close())
  const loads: PageLoad[] = []
  for (let i = 0; i < runs; i++) {
    context.progress(`page load ${i + 1} of ${runs} on slow 3G`)
    loads.push(await loadOnce(browser, host.url))
  }
  return loads
}
