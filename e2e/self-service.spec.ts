/**
 * Self-service end to end (issue 8): while a visitor types their first question the widget
 * suggests help articles; one opens inside the widget, as text; "No" (or "Talk to a person") sends
 * the question to the queue with the articles read, and the operator sees what was already tried;
 * "Yes" thanks the visitor and counts a deflection.
 */
import type { Browser, Page } from '@playwright/test'
import { loginCookie } from '../relay/testing.js'
import { openStore } from '../relay/store/index.js'
import { OPERATOR, SITE, expect, loginAsOperator, openWidget, seededDatabase, startExampleServer, startRelayProcess, stopRelayProcess, test, watchConsole, type RelayProcess } from './fixtures.js'

interface Setup {
  relay: RelayProcess
  examples: string
  close(): Promise<void>
}

/** A relay of the spec's own, its knowledge base filled before any page loads. */
async function startWithArticles(): Promise<Setup> {
  const database = seededDatabase()
  const store = openStore(database.db)
  store.kb.add(SITE, {
    id: 'refund-policy',
    lang: 'en',
    tags: ['billing'],
    title: 'Refund policy',
    body: '# Refund policy\n\nAsk within **30 days** of delivery.\n\nThe form is at https://shop.example/refunds and <b>takes</b> a minute.',
  })
  store.kb.add(SITE, { id: 'shipping-times', lang: 'en', tags: [], title: 'Shipping times', body: 'Parcels leave the warehouse within two days.' })
  store.close()
  const relay = await startRelayProcess(database.db)
  const examples = await startExampleServer(relay.url)
  return {
    relay,
    examples: examples.origin,
    async close() {
      await examples.close()
      await stopRelayProcess(relay)
      database.remove()
    },
  }
}

async function visitorPage(browser: Browser, examples: string): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext()).newPage()
  const problems = watchConsole(page)
  await page.goto(`${examples}/basic.html`)
  return { page, problems }
}

/** What the operator's API counts for the site. */
async function stats(relay: RelayProcess): Promise<{ deflections: number; articles: { id: string; helped: number; notHelped: number }[] }> {
  const res = await fetch(`${relay.url}/agent/api/kb/stats?site=${SITE}`, { headers: { Cookie: await loginCookie(relay.url, OPERATOR.login, OPERATOR.password) } })
  expect(res.status).toBe(200)
  return res.json()
}

test('a suggested article opens in the widget; "No" sends the question to the queue, and the operator sees what was read', async ({ browser }) => {
  const setup = await startWithArticles()
  try {
    const { page, problems } = await visitorPage(browser, setup.examples)
    const { composer, log } = await openWidget(page)
    await composer.pressSequentially('How do I get a refund?')

    const suggestions = page.getByRole('list', { name: 'Suggested answers' })
    await expect(suggestions.getByRole('button', { name: 'Refund policy' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Talk to a person' })).toBeVisible()
    await expect(composer).toBeFocused() // suggestions appear without taking the focus

    await suggestions.getByRole('button', { name: 'Refund policy' }).click()
    const article = page.getByRole('region', { name: 'Refund policy' })
    await expect(article.getByRole('heading', { name: 'Refund policy' })).toBeFocused()
    await expect(article).toContainText('Ask within 30 days of delivery.')
    // Text, not HTML: the markup stays characters, and only the http(s) address is a link.
    await expect(article).toContainText('<b>takes</b> a minute')
    await expect(article.locator('b, strong, h1')).toHaveCount(0)
    await expect(article.getByRole('link', { name: 'https://shop.example/refunds' })).toBeVisible()
    await expect(article.getByRole('button', { name: 'Talk to a person' })).toBeVisible()

    await article.getByRole('group', { name: 'Did this answer your question?' }).getByRole('button', { name: 'No' }).click()
    await expect(log.locator('[data-delivery="sent"]').getByText('How do I get a refund?')).toBeVisible()
    await expect(article).toHaveCount(0)
    await expect(composer).toHaveValue('')
    await expect(composer).toBeFocused()
    // Nobody is online yet: the usual queue screen, with the offer to leave an email.
    await expect(page.getByText("No one is online right now. Leave a message and we'll answer here.")).toBeVisible()
    await expect(suggestions).toHaveCount(0)

    const operator = await (await browser.newContext()).newPage()
    await loginAsOperator(operator, setup.relay.url)
    await operator.getByRole('button', { name: /How do I get a refund\?/ }).click()
    const read = operator.getByRole('region', { name: 'Read before asking' })
    await expect(read.getByRole('listitem')).toHaveText([/Refund policy.*did not help/])
    expect(await stats(setup.relay)).toEqual({ deflections: 0, articles: [expect.objectContaining({ id: 'refund-policy', helped: 0, notHelped: 1 })] })
    expect(problems).toEqual([])
  } finally {
    await setup.close()
  }
})

test('"Yes" thanks the visitor and counts a deflection; "Talk to a person" with nothing written asks for the question', async ({ browser }) => {
  const setup = await startWithArticles()
  try {
    const { page, problems } = await visitorPage(browser, setup.examples)
    const { composer, log } = await openWidget(page)
    const suggestions = page.getByRole('list', { name: 'Suggested answers' })

    await composer.pressSequentially('shipping time')
    await suggestions.getByRole('button', { name: 'Shipping times' }).click()
    await page.getByRole('button', { name: 'Yes' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Glad that helped!' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Shipping times' })).toHaveCount(0)
    await expect(composer).toHaveValue('')
    await expect(composer).toBeFocused()
    await expect(log.locator('.bubble')).toHaveCount(0) // nothing was sent: the question was answered
    await expect.poll(async () => (await stats(setup.relay)).deflections).toBe(1)

    // Another question: an article is read, the composer emptied, and then a person is asked for.
    await composer.pressSequentially('refund form')
    await suggestions.getByRole('button', { name: 'Refund policy' }).click()
    await composer.fill('')
    await page.getByRole('region', { name: 'Refund policy' }).getByRole('button', { name: 'Talk to a person' }).click()
    await expect(page.getByText("Write your question and we'll pass it on")).toBeVisible()
    await expect(composer).toBeFocused()
    await page.keyboard.type('Can I return a gift?')
    await page.keyboard.press('Enter')
    await expect(log.locator('[data-delivery="sent"]').getByText('Can I return a gift?')).toBeVisible()
    await expect(page.getByText("Write your question and we'll pass it on")).toHaveCount(0)

    // Escape still closes the widget.
    await page.keyboard.press('Escape')
    await expect(composer).toBeHidden()

    const operator = await (await browser.newContext()).newPage()
    await loginAsOperator(operator, setup.relay.url)
    await operator.getByRole('button', { name: /Can I return a gift\?/ }).click()
    // Both articles read before this question, in order; only the shipping one was answered.
    await expect(operator.getByRole('region', { name: 'Read before asking' }).getByRole('listitem')).toHaveText([/Shipping times.*helped/, /^Refund policy$/])
    expect(problems).toEqual([])
  } finally {
    await setup.close()
  }
})
