/** `Parley('shutdown')` forgets the visitor on this device: their conversation does not come back. */
import { expect, openWidget, readDeviceLog, test } from './fixtures.js'

test('shutdown forgets the visitor, and a reload starts a new anonymous conversation', async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/basic.html`)
  const { log, write } = await openWidget(page)
  await write('Private question about my account')
  await expect(log.locator('[data-delivery="sent"]')).toHaveCount(1)
  const tokenBefore = await readDeviceLog(page, 'token')
  expect(tokenBefore).toMatch(/^[A-Za-z0-9_-]{43}$/)

  await page.evaluate(() => (window as unknown as { Parley: (verb: string) => void }).Parley('shutdown'))
  await expect(log.locator('.bubble')).toHaveCount(0)
  await expect.poll(() => readDeviceLog(page, 'token')).not.toBe(tokenBefore)

  await page.reload()
  await page.getByRole('button', { name: 'Open chat' }).click()
  await expect(page.locator('[data-link]')).toHaveAttribute('data-link', 'online')
  await expect(page.getByRole('log').locator('.bubble')).toHaveCount(0)
})
