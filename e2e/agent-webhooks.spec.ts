/**
 * Webhook failures on the agent page (issue 8: "failures visible to a supervisor"). An endpoint
 * added with the real CLI points at a loopback port nothing listens on; a visitor writes, the
 * relay's deliveries fail and are retried (`serve --webhook-retry` keeps the waits short), and
 * the supervisor's "Webhooks" dialog shows the endpoint, its counts and the failure with the
 * relay's own error. An operator who is not a supervisor has no such button.
 */
import { spawnSync } from 'node:child_process'
import type { Browser, Page } from '@playwright/test'
import type { WebhooksReport } from '../protocol/index.js'
import { PARLEY_BIN } from '../scripts/spawn-relay.js'
import { SITE, expect, freePort, loginAsOperator, rawVisitor, seededDatabase, startRelayProcess, stopRelayProcess, test, type OperatorAccount } from './fixtures.js'

const SUPERVISOR: OperatorAccount = { login: 'sam', name: 'Sam Supervisor', password: 'sam-password', role: 'supervisor' }
const ALICE: OperatorAccount = { login: 'alice', name: 'Alice', password: 'alice-password' }

/** `parley webhook add`, as a site owner runs it against the relay's database. */
function addWebhook(db: string, url: string, ...extra: string[]): void {
  const result = spawnSync(process.execPath, [PARLEY_BIN, 'webhook', 'add', SITE, '--url', url, ...extra, '--db', db], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`parley webhook add failed: ${result.stderr}`)
}

async function operator(browser: Browser, relayUrl: string, account: OperatorAccount): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await loginAsOperator(page, relayUrl, account)
  return page
}

test('a supervisor sees failing webhook deliveries in the Webhooks dialog; an operator has no such dialog', async ({ browser }) => {
  const database = seededDatabase([SUPERVISOR, ALICE])
  // Free a moment ago and never listened on again: every POST there is refused.
  const deadUrl = `http://127.0.0.1:${await freePort()}/parley-hook`
  addWebhook(database.db, deadUrl)
  addWebhook(database.db, 'https://receiver.invalid/closed-only', '--events', 'conversation.closed', '--secret', 'never-shown-secret-0123')
  const relay = await startRelayProcess(database.db, 0, ['--webhook-retry', '200'])
  try {
    const visitor = await rawVisitor(relay.url, 'Hello, is anyone there?')

    const alice = await operator(browser, relay.url, ALICE)
    await expect(alice.getByRole('button', { name: 'Knowledge base' })).toHaveCount(0)
    await expect(alice.getByRole('button', { name: 'Webhooks' })).toHaveCount(0)

    const sam = await operator(browser, relay.url, SUPERVISOR)
    await sam.getByRole('button', { name: 'Webhooks' }).click()
    const dialog = sam.getByRole('dialog', { name: 'Webhooks' })
    const endpoints = dialog.getByRole('list', { name: 'Endpoints' })
    await expect(endpoints.getByRole('heading')).toHaveText([deadUrl, 'https://receiver.invalid/closed-only'])

    const dead = endpoints.getByRole('listitem').filter({ has: sam.getByRole('heading', { name: deadUrl }) })
    await expect(dead.getByRole('definition')).toHaveText([SITE, 'all events', /\S/, /^\d+$/, '0', /^\d+$/, 'never'])
    // The first try may still be on its way when the dialog opens: Refresh until it has failed.
    const failures = dead.getByRole('table', { name: 'Recent failures' })
    await expect(async () => {
      await dialog.getByRole('button', { name: 'Refresh' }).click()
      await expect(dialog.getByRole('status')).toContainText('Updated')
      await expect(failures.getByRole('row', { name: /conversation\.created/ })).toBeVisible({ timeout: 1000 })
    }).toPass()

    // What the dialog shows is what the relay recorded for that event, the error included.
    const report = (await (await sam.request.get(`${relay.url}/agent/api/webhooks`)).json()) as WebhooksReport
    const created = report.endpoints.find((e) => e.url === deadUrl)!.failures.find((f) => f.type === 'conversation.created')!
    expect(created.lastError).toBeTruthy()
    const row = failures.getByRole('row', { name: new RegExp(created.eventId) })
    await expect(row.getByRole('rowheader')).toContainText('conversation.created')
    await expect(row.getByRole('cell').nth(0)).toHaveText(/^[1-9]\d*$/)
    await expect(row.getByRole('cell').nth(1)).toHaveText(created.lastError!)
    await expect(row.getByRole('cell').nth(2)).toHaveText(/^(Next try|Gave up) /)
    await expect(failures.getByRole('columnheader')).toHaveText(['Event', 'Tries', 'Last answer', 'Next try or gave up'])

    // The other endpoint takes closes only: nothing was sent to it, so nothing failed.
    const closedOnly = endpoints.getByRole('listitem').filter({ has: sam.getByRole('heading', { name: 'https://receiver.invalid/closed-only' }) })
    await expect(closedOnly.getByRole('definition').nth(1)).toHaveText('conversation.closed')
    await expect(closedOnly.getByText('No failed deliveries.')).toBeVisible()
    // The secret is the relay's alone.
    await expect(dialog).not.toContainText('never-shown-secret-0123')

    await sam.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(sam.getByRole('button', { name: 'Webhooks' })).toBeFocused()
    visitor.close()
  } finally {
    await stopRelayProcess(relay)
    database.remove()
  }
})

test('with no endpoint the dialog says how to add one', async ({ browser }) => {
  const database = seededDatabase([SUPERVISOR])
  const relay = await startRelayProcess(database.db)
  try {
    const sam = await operator(browser, relay.url, SUPERVISOR)
    await sam.getByRole('button', { name: 'Webhooks' }).click()
    const dialog = sam.getByRole('dialog', { name: 'Webhooks' })
    await expect(dialog.getByText('No webhook endpoints yet.', { exact: false })).toBeVisible()
    await expect(dialog.locator('code')).toHaveText(/^parley webhook add \S+ --url https:\/\/…$/)
  } finally {
    await stopRelayProcess(relay)
    database.remove()
  }
})
