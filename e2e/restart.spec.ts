/**
 * A relay restart mid-conversation: SIGTERM closes every socket with "come back" (1012), the
 * widget and the agent page reconnect by themselves, and a message written while the relay was
 * down is delivered once when it returns.
 */
import { expect, freePort, loginAsOperator, openWidget, seededDatabase, startExampleServer, startRelayProcess, stopRelayProcess, test } from './fixtures.js'

test('widget and agent page resume after the relay restarts', async ({ browser }) => {
  const database = seededDatabase()
  const port = await freePort()
  let relay = await startRelayProcess(database.db, port)
  const examples = await startExampleServer(relay.url)
  try {
    const visitor = await (await browser.newContext()).newPage()
    await visitor.goto(`${examples.origin}/basic.html`)
    const { log, write } = await openWidget(visitor)
    await write('Before the restart')
    await expect(log.locator('[data-delivery="sent"]')).toHaveCount(1)

    const operator = await (await browser.newContext()).newPage()
    await loginAsOperator(operator, relay.url)
    await operator.getByRole('button', { name: /Before the restart/ }).click()
    const thread = operator.getByRole('log', { name: 'Messages' })
    await expect(thread.getByText('Before the restart')).toBeVisible()

    await stopRelayProcess(relay)
    await expect(visitor.locator('[data-link]')).not.toHaveAttribute('data-link', 'online')
    await write('Written while the relay was down')
    await expect(log.locator('[data-delivery="sending"]')).toHaveText(/Written while the relay was down/)

    relay = await startRelayProcess(database.db, port)
    await expect(visitor.locator('[data-link]')).toHaveAttribute('data-link', 'online', { timeout: 20_000 })
    await expect(log.locator('[data-delivery="sent"]')).toHaveCount(2)
    await expect(thread.locator('li.msg:not(.from-system)')).toHaveText([/Before the restart/, /Written while the relay was down/], { timeout: 20_000 })

    await operator.getByRole('textbox', { name: 'Reply' }).fill('Still here after the restart')
    await operator.getByRole('textbox', { name: 'Reply' }).press('Enter')
    await expect(log.locator('.bubble')).toHaveText(['Before the restart', 'Written while the relay was down', 'Still here after the restart'])
  } finally {
    await examples.close()
    await stopRelayProcess(relay)
    database.remove()
  }
})
