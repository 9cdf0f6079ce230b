/**
 * A developer pre-fills identity and context through the JS API before widget.js has loaded;
 * the queued calls replay in order and the operator finds it all beside the chat, marked
 * unverified (no hash was given).
 */
import { expect, loginAsOperator, openWidget, test } from './fixtures.js'

test('identity and context queued before load reach the agent page', async ({ browser, relay, examples }) => {
  const visitorContext = await browser.newContext()
  const visitor = await visitorContext.newPage()
  // Registered through the queue stub too, before the widget exists: proves replay and events.
  await visitor.addInitScript(() => {
    const w = window as unknown as { Parley: (...args: unknown[]) => void; parleyEvents: string[] }
    w.parleyEvents = []
    w.Parley = w.Parley || function (...args: unknown[]) { ((w.Parley as unknown as { q: unknown[] }).q ||= []).push(args) }
    w.Parley('on', 'ready', () => w.parleyEvents.push('ready'))
    w.Parley('on', 'open', () => w.parleyEvents.push('open'))
    w.Parley('on', 'message', (m: { from: string; text: string }) => w.parleyEvents.push(`message:${m.from}:${m.text}`))
  })
  await visitor.goto(`${examples}/context.html`)
  const events = () => visitor.evaluate(() => (window as unknown as { parleyEvents: string[] }).parleyEvents)
  // Only the loader is on the page until the chat is needed: nothing has happened yet.
  await expect(visitor.getByRole('button', { name: 'Open chat' })).toBeVisible()
  expect(await events()).toEqual([])
  await visitor.getByRole('button', { name: 'Ask about my payment' }).click()

  const log = visitor.getByRole('log')
  await expect(log.locator('[data-delivery="sent"]').getByText('Where is my payment for A-1009?')).toBeVisible()
  await expect.poll(events).toEqual(['open', 'ready', 'message:visitor:Where is my payment for A-1009?'])

  const operatorContext = await browser.newContext()
  const operator = await operatorContext.newPage()
  await loginAsOperator(operator, relay.url)
  // By its last words: while it waits in the queue a "Take Ann Example" button shares the name.
  await operator.getByRole('button', { name: /Ann Example.*Where is my payment for A-1009/ }).click()
  await expect(operator.getByRole('log', { name: 'Messages' }).getByText('Where is my payment for A-1009?')).toBeVisible()
  const card = operator.getByRole('complementary', { name: 'Visitor' })
  await expect(card.getByText('Unverified', { exact: true })).toBeVisible()
  await expect(card.getByText('ann@example.com')).toBeVisible()
  await expect(card.getByText('u-42')).toBeVisible()
  for (const [key, value] of [['plan', 'Gold'], ['lastOrder', 'A-1009'], ['department', 'billing']] as const) {
    await expect(card.getByText(key, { exact: true })).toBeVisible()
    await expect(card.getByText(value, { exact: true })).toBeVisible()
  }
  await expect(card.getByText('Pre-filled customer context — Parley example')).toBeVisible()

  await operator.getByRole('textbox', { name: 'Reply' }).fill('Your payment arrived this morning.')
  await operator.getByRole('button', { name: 'Send' }).click()
  await expect(log.getByText('Your payment arrived this morning.')).toBeVisible()
  await expect.poll(async () => (await events()).at(-1)).toBe('message:agent:Your payment arrived this morning.')
  await visitorContext.close()
  await operatorContext.close()
})

test('the operator sees the page a single-page app moved to, without a reload', async ({ browser, relay, examples }) => {
  const visitor = await (await browser.newContext()).newPage()
  await visitor.goto(`${examples}/spa.html`)
  const widget = await openWidget(visitor)
  await widget.write('Question from the SPA')
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)

  const operator = await (await browser.newContext()).newPage()
  await loginAsOperator(operator, relay.url)
  await operator.getByRole('button', { name: /Question from the SPA/ }).first().click()
  const card = operator.getByRole('complementary', { name: 'Visitor' })
  await expect(card.getByText('Shop — Parley SPA example')).toBeVisible()

  await visitor.getByRole('link', { name: 'Checkout' }).click()
  await expect(visitor.getByRole('heading', { name: 'Checkout' })).toBeVisible()
  await expect(card.getByText('Checkout — Parley SPA example')).toBeVisible()
  await expect(card.getByRole('link', { name: /view=checkout/ })).toBeVisible()
})

test("a mistake in the page's calls is worded in the console and the error event, with words fetched only then", async ({ browser, examples }) => {
  const visitor = await (await browser.newContext()).newPage()
  const requests: string[] = []
  visitor.on('request', (request) => requests.push(request.url()))
  const consoleErrors: string[] = []
  visitor.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
  await visitor.goto(`${examples}/basic.html`)
  await openWidget(visitor)
  const isProblemsPart = (url: string) => /\/assets\/part-problems-\w+\.js$/.test(url)
  expect(requests.filter(isProblemsPart)).toEqual([])

  const errors = await visitor.evaluateHandle(() => {
    const seen: unknown[] = []
    const parley = (window as unknown as { Parley: (...args: unknown[]) => void }).Parley
    parley('on', 'error', (e: unknown) => seen.push(e))
    parley('context', { plan: 'x'.repeat(501) })
    parley('identify', { id: '' })
    return seen
  })
  const expected = [
    { code: 'api', message: 'context: plan must be a string (at most 500 characters), a number, a boolean or null' },
    { code: 'api', message: 'identify: id must be a non-empty string of at most 200 characters' },
  ]
  await expect.poll(() => errors.evaluate((seen) => seen)).toEqual(expected)
  expect(consoleErrors).toEqual(expected.map(({ message }) => `[parley] ${message}`))
  expect(requests.filter(isProblemsPart)).toHaveLength(1)
})
