/**
 * An automated accessibility check of the agent page itself (axe-core, run in the page): no
 * serious or critical WCAG 2.x A/AA violation on the login form (empty and refusing), in the
 * console with a chat open, and with each of its dialogs open, as e2e/a11y.spec.ts does for the
 * widget. A supervisor is logged in, so the supervisor-only dialogs are checked too.
 */
import { spawnSync } from 'node:child_process'
import type { Browser, Locator, Page } from '@playwright/test'
import { PARLEY_BIN } from '../scripts/spawn-relay.js'
import { axeViolations } from './axe.js'
import { SITE, expect, freePort, loginAsOperator, rawVisitor, seededDatabase, startRelayProcess, stopRelayProcess, test, type OperatorAccount, type RelayProcess } from './fixtures.js'

const SUPERVISOR: OperatorAccount = { login: 'sam', name: 'Sam Supervisor', password: 'sam-password', role: 'supervisor' }

const pageViolations = (page: Page) => axeViolations(page)

/** The agent page sends `script-src 'self'`; axe goes in as an inline script, so this context sets CSP aside. */
async function agentPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ bypassCSP: true })).newPage()
}

async function withRelay(work: (relay: RelayProcess) => Promise<void>): Promise<void> {
  const database = seededDatabase([SUPERVISOR])
  // A failing endpoint, so the Webhooks dialog has a failures table to check.
  const dead = `http://127.0.0.1:${await freePort()}/hook`
  const added = spawnSync(process.execPath, [PARLEY_BIN, 'webhook', 'add', SITE, '--url', dead, '--db', database.db], { encoding: 'utf8' })
  if (added.status !== 0) throw new Error(`parley webhook add failed: ${added.stderr}`)
  const relay = await startRelayProcess(database.db, 0, ['--webhook-retry', '200'])
  try {
    await work(relay)
  } finally {
    await stopRelayProcess(relay)
    database.remove()
  }
}

test('the login form passes axe, empty and showing a refusal', async ({ browser }) => {
  await withRelay(async (relay) => {
    const page = await agentPage(browser)
    await page.goto(`${relay.url}/agent`)
    await expect(page.getByLabel('Login')).toBeVisible()
    expect(await pageViolations(page)).toEqual([])

    await page.getByLabel('Login').fill(SUPERVISOR.login)
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect(page.getByRole('alert')).toBeVisible()
    expect(await pageViolations(page)).toEqual([])
  })
})

test('the console passes axe with a chat open, and with each dialog open', async ({ browser }) => {
  await withRelay(async (relay) => {
    const visitor = await rawVisitor(relay.url, 'Where is my order?')
    const page = await agentPage(browser)
    await loginAsOperator(page, relay.url, SUPERVISOR)
    const mine = page.getByRole('navigation', { name: 'Conversations' }).locator('section', { has: page.getByRole('heading', { name: 'Mine' }) })
    await mine.getByRole('button', { name: /my order/ }).click()
    const reply = page.getByRole('textbox', { name: 'Reply' })
    await reply.fill('Let me check that for you.')
    await reply.press('Enter')
    await expect(page.getByRole('log', { name: 'Messages' }).getByText('Let me check that for you.')).toBeVisible()
    expect(await pageViolations(page)).toEqual([])

    /** Each dialog, opened from its button and checked once it has loaded what it shows. */
    const dialogs: { button: string; name: string; loaded(dialog: Locator): Locator }[] = [
      { button: 'Canned answers', name: 'Canned answers', loaded: (d) => d.getByText('No canned answers yet.') },
      { button: 'Ratings', name: 'Ratings', loaded: (d) => d.getByText('No ratings yet.') },
      { button: 'Knowledge base', name: 'Knowledge base', loaded: (d) => d.getByText('No articles yet.') },
      { button: 'Webhooks', name: 'Webhooks', loaded: (d) => d.getByRole('table', { name: 'Recent failures' }) },
      { button: 'Transfer…', name: 'Transfer chat', loaded: (d) => d.getByLabel('Note for the next operator') },
    ]
    for (const { button, name, loaded } of dialogs) {
      await page.getByRole('button', { name: button }).click()
      const dialog = page.getByRole('dialog', { name })
      await expect(loaded(dialog)).toBeVisible()
      expect(await pageViolations(page), `${name} dialog`).toEqual([])
      await page.keyboard.press('Escape')
      await expect(dialog).toBeHidden()
    }
    visitor.close()
  })
})
