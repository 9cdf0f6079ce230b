/**
 * @module e2e/axe — axe-core run in the page (shadow DOM included): the serious and critical
 * WCAG 2.x A/AA violations, one line each, so a failure names the rule and the element.
 */
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[] }[]
}

/** `within`: a selector to check (the widget's host element); the whole document otherwise. */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  // Injected once per document: the agent page is one document from login to logout.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(
    async ({ within, tags }) => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe
      const result = await axe.run(within ? { include: [[within]] } : document, { runOnly: { type: 'tag', values: tags } })
      return result.violations
    },
    { within, tags: WCAG },
  )
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
}
