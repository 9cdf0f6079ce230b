/**
 * Text is text: markup, event handlers, javascript: URLs, SVG, broken markup and RTL overrides,
 * sent as messages, names and context values, render inert in the widget and on the agent
 * page — no dialog, no script run, no element injected, and the words shown as written.
 */
import type { Page } from '@playwright/test'
import { expect, loginAsOperator, openWidget, test } from './fixtures.js'

/** Each payload sets window.pwned (or opens a dialog) if it ever runs. */
const CORPUS = [
  '<script>window.pwned=1</script>',
  '<img src=x onerror="window.pwned=1">',
  '<svg onload="window.pwned=1"><circle r=9></circle></svg>',
  '<a href="javascript:window.pwned=1">click me</a>',
  'javascript:window.pwned=1',
  '"><iframe src="javascript:alert(1)"></iframe>',
  '</textarea><script>alert(1)</script>',
  '<style>*{display:none!important}</style>',
  '<b>broken <i>markup',
  '\u202Egnp.exe — an RTL override',
  '{{constructor.constructor("window.pwned=1")()}}',
  'https://example.com/"onmouseover="window.pwned=1',
]

/** Elements that only markup could have put into a conversation's log. */
const INJECTED = 'script, img, svg, iframe, style, object, embed, b, i'

async function guard(page: Page): Promise<string[]> {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return dialogs
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)

test('messages, names and context values from a visitor or an operator render as inert text', async ({ browser, faulty }) => {
  const visitor = await (await browser.newContext()).newPage()
  const visitorDialogs = await guard(visitor)
  await visitor.goto(`${faulty.examples}/basic.html`)
  const widget = await openWidget(visitor)
  await visitor.evaluate((corpus) => {
    const parley = (window as unknown as { Parley: (...args: unknown[]) => void }).Parley
    parley('identify', { id: 'xss-visitor', name: corpus[1], email: 'x@example.com' })
    parley('context', Object.fromEntries(corpus.slice(0, 8).map((payload, i) => [`field${i}`, payload])))
  }, CORPUS)
  for (const payload of CORPUS) await widget.write(payload)
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(CORPUS.length)

  // A 100 KB string is refused before it goes anywhere, with a warning for the developer.
  const warnings: string[] = []
  visitor.on('console', (message) => warnings.push(message.text()))
  await visitor.evaluate(() => (window as unknown as { Parley: (...args: unknown[]) => void }).Parley('send', 'x'.repeat(100_000)))
  await expect.poll(() => warnings.some((w) => w.includes('[parley]'))).toBe(true)

  const operator = await (await browser.newContext()).newPage()
  const operatorDialogs = await guard(operator)
  await loginAsOperator(operator, faulty.relay.url)
  // Coming online, the operator is given the waiting chat; it is listed by its last words.
  await operator.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /onmouseover/ }).first().click()
  const messages = operator.getByRole('log', { name: 'Messages' })
  const card = operator.getByRole('complementary', { name: 'Visitor' })
  for (const payload of CORPUS) await expect(messages.getByText(payload, { exact: true }).first()).toBeVisible()
  await expect(card.getByText(CORPUS[1]!, { exact: true }).first()).toBeVisible() // the name
  for (const payload of CORPUS.slice(0, 8)) await expect(card.getByText(payload, { exact: true }).first()).toBeVisible()

  // And back: the operator's replies are text in the widget.
  const reply = operator.getByRole('textbox', { name: 'Reply' })
  for (const payload of CORPUS.slice(0, 6)) {
    await reply.fill(payload)
    await reply.press('Enter')
  }
  for (const payload of CORPUS) await expect(widget.log.getByText(payload, { exact: true }).first()).toBeVisible()
  await expect(widget.log.locator('.theirs')).toHaveCount(6)

  // Hover and click what would be live if it were markup.
  await widget.log.getByText(CORPUS[3]!, { exact: true }).first().click()
  await messages.getByText(CORPUS[3]!, { exact: true }).first().click()

  for (const page of [visitor, operator]) expect(await pwned(page)).toBeUndefined()
  expect([...visitorDialogs, ...operatorDialogs]).toEqual([])
  expect(await widget.log.locator(INJECTED).count()).toBe(0)
  expect(await messages.locator(INJECTED).count()).toBe(0)
  expect(await card.locator(INJECTED).count()).toBe(0)
  // Only http(s) text becomes a link, and nothing else does.
  const hrefs = await widget.log.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  expect(hrefs.every((href) => href?.startsWith('https://'))).toBe(true)
  const agentHrefs = await messages.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  expect(agentHrefs.every((href) => href?.startsWith('https://'))).toBe(true)
})
