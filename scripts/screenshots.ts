/**
 * @module scripts/screenshots — `npm run screenshots`: PNGs of the widget for a person to look at
 * (closed, open, conversation, queued (in dark mode), rating, offline form; desktop and mobile;
 * en and ru), on a real relay with the demo page, written to screenshots/. Loopback only; stops
 * by itself.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { createRelay } from '../relay/server.js'
import { DEMO, seedDemo } from '../relay/seed.js'
import { openStore } from '../relay/store/index.js'
import { openSocket, loginCookie } from '../relay/testing.js'
import { chromiumPath } from '../e2e/chromium.js'

const OUT = join(import.meta.dirname, '..', 'screenshots')
const VIEWPORTS = { desktop: { width: 1100, height: 760 }, mobile: { width: 390, height: 760 } }

const dir = mkdtempSync(join(tmpdir(), 'parley-shots-'))
const db = join(dir, 'parley.db')
const seed = openStore(db)
seedDemo(seed)
seed.close()
const relay = await createRelay({ db, port: 0, log: () => {} })
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] })
mkdirSync(OUT, { recursive: true })

/** An operator over a plain socket, so the shots need no agent page. */
async function operator() {
  const socket = await openSocket(`${relay.url.replace('http', 'ws')}/v1/agent`, { Cookie: await loginCookie(relay, DEMO.agent, DEMO.password) })
  socket.send({ type: 'hello' })
  await socket.next('welcome')
  return socket
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300) // let transitions and fonts settle
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  console.log(`screenshots/${name}.png`)
}

/** Fills the demo operator's four slots with chats, so one more visitor waits in line; then frees them. */
async function shootQueued(agent: Awaited<ReturnType<typeof operator>>, locale: string, viewport: { width: number; height: number }, device: string, tag: string) {
  const visitors = await Promise.all(
    [1, 2, 3, 4].map(async (n) => {
      const socket = await openSocket(`${relay.url.replace('http', 'ws')}/v1/visitor`)
      socket.send({ type: 'hello', site: DEMO.site })
      socket.send({ type: 'msg', cid: `shot-${tag}-busy-${n}`.padEnd(16, '0'), text: `Earlier customer ${n}` })
      return { socket, conv: (await socket.next<{ conv: string }>('ack')).conv }
    }),
  )
  const page = await (await browser.newContext({ locale, viewport, isMobile: device === 'mobile', colorScheme: 'dark' })).newPage()
  await page.goto(`${relay.url}/`)
  await page.locator('parley-chat .launcher').click()
  await page.locator('parley-chat textarea').fill(locale.startsWith('ru') ? 'Можно вернуть товар?' : 'Can I return an item?')
  await page.keyboard.press('Enter')
  await page.locator('parley-chat .status-line[data-position]').waitFor()
  await shoot(page, `${tag}-queued-dark`)
  await page.locator('parley-chat .end').click() // or the chat would take a slot in the next shots
  await page.locator('parley-chat .rating').waitFor()
  await page.context().close()
  for (const { socket, conv } of visitors) {
    agent.send({ type: 'close', conv })
    socket.close()
  }
}

try {
  for (const locale of ['en-US', 'ru-RU']) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      const tag = `${locale.slice(0, 2)}-${device}`
      const page = await (await browser.newContext({ locale, viewport, isMobile: device === 'mobile' })).newPage()
      await page.goto(`${relay.url}/`)
      await page.locator('parley-chat .launcher').waitFor()
      await shoot(page, `${tag}-closed`)
      await page.locator('parley-chat .launcher').click()
      await page.locator('parley-chat textarea').waitFor()
      await shoot(page, `${tag}-offline-empty`)
      const question = `${locale.startsWith('ru') ? 'Здравствуйте! Где мой заказ?' : 'Hi! Where is my order?'} (${device})`
      await page.locator('parley-chat textarea').fill(question)
      await page.keyboard.press('Enter')
      await page.locator('parley-chat .email').waitFor()
      await shoot(page, `${tag}-offline-form`)

      const agent = await operator() // comes online: the waiting chat is assigned at once
      let conv = ''
      while (!conv) {
        const { conversation } = await agent.next('conv')
        if (conversation.lastText === question && conversation.agent) conv = conversation.id
      }
      agent.send({ type: 'msg', conv, cid: `shot-${tag}-reply`.padEnd(12, '0'), text: locale.startsWith('ru') ? 'Добрый день! Заказ уже в пути.' : 'Hello! Your order shipped yesterday.' })
      await page.locator('parley-chat .msg.theirs').waitFor()
      await shoot(page, `${tag}-conversation`)
      agent.send({ type: 'close', conv })
      await page.locator('parley-chat .rating').waitFor()
      await shoot(page, `${tag}-rating`)
      await shootQueued(agent, locale, viewport, device, tag)
      agent.close()
      await page.context().close()
    }
  }
} finally {
  await browser.close()
  await relay.close()
  rmSync(dir, { recursive: true, force: true })
}
