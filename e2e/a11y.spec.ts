/**
 * An automated accessibility check (axe-core, run in the page, shadow DOM included): no serious
 * or critical WCAG 2.x A/AA violation in the widget, closed and open, in light and dark mode.
 * And the whole visitor path with the keyboard alone.
 */
import type { Page } from '@playwright/test'
import { loginCookie, openSocket } from '../relay/testing.js'
import { axeViolations } from './axe.js'
import { OPERATOR, expect, openWidget, test } from './fixtures.js'

const widgetViolations = (page: Page) => axeViolations(page, 'parley-chat')

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the widget passes axe in ${colorScheme} mode, closed and open`, async ({ browser, examples }) => {
    const page = await (await browser.newContext({ colorScheme })).newPage()
    await page.goto(`${examples}/basic.html`)
    await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible()
    expect(await widgetViolations(page)).toEqual([])

    const widget = await openWidget(page)
    await widget.write('Checking accessibility')
    await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)
    expect(await widgetViolations(page)).toEqual([])
  })
}

test('the leave-a-message form and the rating form pass axe too', async ({ browser, faulty }) => {
  // faulty: a relay of this test's own, where no operator is online until we say so.
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${faulty.examples}/basic.html`)
  const widget = await openWidget(page)
  await widget.write('Anyone around?')
  await expect(page.getByRole('textbox', { name: 'Your email' })).toBeVisible()
  expect(await widgetViolations(page)).toEqual([])

  const operator = await openSocket(`${faulty.relay.url.replace('http', 'ws')}/v1/agent`, { Cookie: await loginCookie(faulty.relay.url, OPERATOR.login, OPERATOR.password) })
  operator.send({ type: 'hello' })
  // Coming online, the operator is given the waiting chat; once it is theirs they close it.
  let conv: { id: string; agent: { id: string } | null } = (await operator.next('welcome')).conversations[0]
  while (conv.agent?.id !== OPERATOR.login) conv = (await operator.next('conv')).conversation
  operator.send({ type: 'close', conv: conv.id })
  await expect(page.getByRole('button', { name: 'Rate 5 of 5' })).toBeVisible()
  expect(await widgetViolations(page)).toEqual([])
  operator.close()
})

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 12): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((el) => el.matches(':focus'))) return
    await page.keyboard.press(key)
  }
  await expect(target).toBeFocused()
}

test('a visitor chats, leaves an email and rates with the keyboard alone', async ({ browser, faulty }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${faulty.examples}/basic.html`)
  const launcher = page.getByRole('button', { name: 'Open chat' })
  await tabTo(page, launcher)
  await page.keyboard.press('Enter')
  const composer = page.getByRole('textbox', { name: 'Write a message' })
  await expect(composer).toBeFocused()
  await page.keyboard.type('Typed without a mouse')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('log').locator('[data-delivery="sent"]')).toHaveCount(1)

  // Nobody online: the email form is reachable and submits with Enter.
  const email = page.getByRole('textbox', { name: 'Your email' })
  await tabTo(page, email, 'Shift+Tab')
  await page.keyboard.type('keys@example.com')
  await page.keyboard.press('Enter')
  await expect(page.getByText(/also write to you there/)).toBeVisible()
  await expect(composer).toBeFocused() // the form is gone; focus stays in the widget

  const operator = await openSocket(`${faulty.relay.url.replace('http', 'ws')}/v1/agent`, { Cookie: await loginCookie(faulty.relay.url, OPERATOR.login, OPERATOR.password) })
  operator.send({ type: 'hello' })
  let conv: { id: string; agent: { id: string } | null } = (await operator.next('welcome')).conversations[0]
  while (conv.agent?.id !== OPERATOR.login) conv = (await operator.next('conv')).conversation
  operator.send({ type: 'close', conv: conv.id })

  // The rating: stars are buttons, Space picks one; the comment and Send follow in tab order.
  const four = page.getByRole('button', { name: 'Rate 4 of 5' })
  await expect(four).toBeVisible()
  await expect(page.locator('parley-chat .system').last()).toBeInViewport() // the log stays at its newest line
  await tabTo(page, four)
  await page.keyboard.press('Space')
  await expect(four).toHaveAttribute('aria-pressed', 'true')
  await tabTo(page, page.getByRole('textbox', { name: 'Comment (optional)' }))
  await page.keyboard.type('All by keyboard')
  await tabTo(page, page.getByRole('button', { name: 'Send rating' }))
  await page.keyboard.press('Enter')
  await expect(page.getByText('Thanks for your feedback!')).toBeVisible()
  await expect(composer).toBeFocused()

  await page.keyboard.press('Escape')
  await expect(composer).toBeHidden()
  await expect(launcher).toBeFocused()
  operator.close()
})
