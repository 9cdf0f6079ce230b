/**
 * An automated accessibility check (axe-core, run in the page, shadow DOM included): no serious
 * or critical WCAG 2.x A/AA violation in the widget, closed and open, in light and dark mode.
 */
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import { loginCookie, openSocket } from '../relay/testing.js'
import { OPERATOR, expect, openWidget, test } from './fixtures.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[] }[]
}

async function widgetViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe
    const result = await axe.run({ include: [['parley-chat']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return result.violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
}

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
