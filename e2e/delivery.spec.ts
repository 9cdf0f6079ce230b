/**
 * Nothing lost, nothing twice, in a real browser: the built widget on another origin, its link
 * to the relay through the loopback fault proxy, the operator on the relay's own agent page.
 */
import Database from 'better-sqlite3'
import type { Browser, Page } from '@playwright/test'
import { expect, loginAsOperator, openWidget, readDeviceLog, test, type FaultyRelay } from './fixtures.js'

async function visitorPage(browser: Browser, faulty: FaultyRelay): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${faulty.examples}/basic.html`)
  return page
}

async function operatorOn(browser: Browser, faulty: FaultyRelay, conversation: RegExp): Promise<Page> {
  const operator = await (await browser.newContext()).newPage()
  await loginAsOperator(operator, faulty.relay.url)
  await operator.getByRole('button', { name: conversation }).click()
  return operator
}

const thread = (operator: Page) => operator.getByRole('log', { name: 'Messages' }).locator('li.msg:not(.from-system)')
const bubbles = (visitor: Page) => visitor.getByRole('log').locator('.bubble')
const linkOf = (visitor: Page) => visitor.locator('[data-link]')

/** Each text once in SQLite, in this order, in one conversation whose seqs have no gap (system lines count too). */
function expectStored(faulty: FaultyRelay, texts: string[]): void {
  const db = new Database(faulty.relay.db, { readonly: true })
  const rows = db.prepare('SELECT conversation_id, seq, author, text FROM messages ORDER BY conversation_id, seq').all() as { conversation_id: string; seq: number; author: string; text: string }[]
  db.close()
  expect(rows.filter((r) => r.author !== 'system').map((r) => r.text)).toEqual(texts)
  expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1)
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
}

test('messages written offline survive a reload and are delivered once, in order', async ({ browser, faulty }) => {
  const visitor = await visitorPage(browser, faulty)
  const widget = await openWidget(visitor)
  await widget.write('Hello, first')
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)

  faulty.proxy.setFaults({ blackhole: true }) // the visitor's link to the relay is gone; the page is not
  for (const text of ['offline one', 'offline two', 'offline three']) await widget.write(text)
  await expect(widget.log.locator('[data-delivery="sending"]')).toHaveCount(3)
  await expect.poll(async () => ((await readDeviceLog(visitor, 'token')) ? 'kept' : 'missing')).toBe('kept')

  await visitor.reload()
  const again = await openWidget(visitor)
  // Painted from IndexedDB before the relay can answer: all four, three still waiting.
  await expect(bubbles(visitor)).toHaveText(['Hello, first', 'offline one', 'offline two', 'offline three'])
  await expect(again.log.locator('[data-delivery="sending"]')).toHaveCount(3)

  faulty.proxy.clearFaults()
  faulty.proxy.resetAll() // connections that lived through the blackhole carry garbage: start clean
  await expect(again.log.locator('[data-delivery="sent"]')).toHaveCount(4, { timeout: 30_000 })

  const operator = await operatorOn(browser, faulty, /offline three/)
  await expect(thread(operator)).toHaveText([/Hello, first/, /offline one/, /offline two/, /offline three/])
  expectStored(faulty, ['Hello, first', 'offline one', 'offline two', 'offline three'])
})

test('with WebSocket upgrades refused, chat runs on long-polling and moves back when allowed', async ({ browser, faulty }) => {
  faulty.proxy.setFaults({ refuseUpgrades: true })
  const visitor = await visitorPage(browser, faulty)
  const widget = await openWidget(visitor)
  await expect(linkOf(visitor)).toHaveAttribute('data-link', 'online', { timeout: 15_000 })
  await expect(linkOf(visitor)).toHaveAttribute('data-via', 'lp')
  await widget.write('Sent over long-polling')
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)

  const operator = await operatorOn(browser, faulty, /Sent over long-polling/)
  await operator.getByRole('textbox', { name: 'Reply' }).fill('Answered to a long-poller')
  await operator.getByRole('textbox', { name: 'Reply' }).press('Enter')
  await expect(widget.log.getByText('Answered to a long-poller')).toBeVisible()

  faulty.proxy.clearFaults()
  await expect(linkOf(visitor)).toHaveAttribute('data-via', 'ws', { timeout: 45_000 })
  await widget.write('Back on WebSocket')
  await expect(thread(operator)).toHaveText([/Sent over long-polling/, /Answered to a long-poller/, /Back on WebSocket/])
  await expect(bubbles(visitor)).toHaveText(['Sent over long-polling', 'Answered to a long-poller', 'Back on WebSocket'])
  expectStored(faulty, ['Sent over long-polling', 'Answered to a long-poller', 'Back on WebSocket'])
})

test('after a relay kill -9 and restart both sides resume with nothing lost or doubled', async ({ browser, faulty }) => {
  const visitor = await visitorPage(browser, faulty)
  const widget = await openWidget(visitor)
  await widget.write('Before the crash')
  const operator = await operatorOn(browser, faulty, /Before the crash/)
  const reply = operator.getByRole('textbox', { name: 'Reply' })
  await reply.fill('Operator before the crash')
  await reply.press('Enter')
  await expect(widget.log.getByText('Operator before the crash')).toBeVisible()

  await faulty.kill('SIGKILL')
  await widget.write('Visitor while down')
  await reply.fill('Operator while down')
  await reply.press('Enter')
  await faulty.start()

  const expected = ['Before the crash', 'Operator before the crash', 'Visitor while down', 'Operator while down']
  await expect(widget.log.locator('[data-delivery="sending"]')).toHaveCount(0, { timeout: 30_000 })
  await expect(operator.getByRole('log', { name: 'Messages' }).locator('li.msg:not(.from-system)[data-state="sent"]')).toHaveCount(4, { timeout: 30_000 })
  const db = new Database(faulty.relay.db, { readonly: true })
  const stored = db.prepare("SELECT text FROM messages WHERE author != 'system' ORDER BY seq").all() as { text: string }[]
  db.close()
  // The two written while down may land in either order; each exactly once, after the first two.
  expect(stored.map((r) => r.text).slice(0, 2)).toEqual(expected.slice(0, 2))
  expect(stored.map((r) => r.text).sort()).toEqual([...expected].sort())
  await expect(bubbles(visitor)).toHaveText(stored.map((r) => r.text))
  await expect(thread(operator)).toHaveText(stored.map((r) => new RegExp(r.text)))
})

test('two tabs show one conversation over one connection and never send twice', async ({ browser, faulty }) => {
  const context = await browser.newContext()
  const sockets: string[] = []
  context.on('page', (page) => page.on('websocket', (ws) => sockets.push(`${page.url()} ${ws.url()}`)))
  const first = await context.newPage()
  await first.goto(`${faulty.examples}/basic.html`)
  const one = await openWidget(first)
  await one.write('From the first tab')
  await expect(one.log.locator('[data-delivery="sent"]')).toHaveCount(1)

  const second = await context.newPage()
  await second.goto(`${faulty.examples}/basic.html`)
  const two = await openWidget(second)
  await expect(bubbles(second)).toHaveText(['From the first tab'])
  await two.write('From the second tab')
  await expect(two.log.locator('[data-delivery="sent"]')).toHaveCount(2)
  await expect(bubbles(first)).toHaveText(['From the first tab', 'From the second tab'])
  expect(sockets).toHaveLength(1) // only the leading tab holds a link

  // The leader goes away: the other tab takes the link over and carries on.
  await first.close()
  await expect.poll(() => sockets.length).toBe(2)
  await two.write('After the first tab closed')
  await expect(two.log.locator('[data-delivery="sent"]')).toHaveCount(3)
  expectStored(faulty, ['From the first tab', 'From the second tab', 'After the first tab closed'])
})

test('a blackholed link is noticed and recovered without a reload', async ({ browser, faulty }) => {
  const visitor = await visitorPage(browser, faulty)
  const widget = await openWidget(visitor)
  await widget.write('Before the blackhole')
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)
  await expect(linkOf(visitor)).toHaveAttribute('data-link', 'online')

  faulty.proxy.setFaults({ blackhole: true })
  await widget.write('Into the void')
  // No FIN, no RST: only the widget's own heartbeat can tell the link is dead.
  await expect(linkOf(visitor)).not.toHaveAttribute('data-link', 'online', { timeout: 30_000 })
  await expect(visitor.locator('[data-waiting]')).toHaveText('1 message waiting to send')

  faulty.proxy.clearFaults()
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(2, { timeout: 45_000 })
  await expect(linkOf(visitor)).toHaveAttribute('data-link', 'online')
  expectStored(faulty, ['Before the blackhole', 'Into the void'])
})
