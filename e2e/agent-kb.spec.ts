/**
 * The knowledge base on the agent page (issue 8), in three browser contexts: a supervisor adds,
 * changes and removes articles in the "Knowledge base" dialog (the relay's own error shown for a
 * clash); an operator, who has no such dialog, finds an article from the composer with "/",
 * inserts it, edits it and sends it; the visitor gets the edited text, never the article as it was.
 * A visitor who read the article and said it did not help shows it under "Read before asking",
 * and the supervisor's counts have their answer.
 */
import type { Browser, Page } from '@playwright/test'
import { WebSocket } from 'ws'
import {
  SITE,
  expect,
  loginAsOperator,
  openWidget,
  seededDatabase,
  startExampleServer,
  startRelayProcess,
  stopRelayProcess,
  test,
  type OperatorAccount,
} from './fixtures.js'

const SUPERVISOR: OperatorAccount = { login: 'sam', name: 'Sam Supervisor', password: 'sam-password', role: 'supervisor' }
const ALICE: OperatorAccount = { login: 'alice', name: 'Alice', password: 'alice-password', capacity: 2 }

const BODY = 'Refunds reach your card within 5 business days after we receive the item.'

/** A visitor without a browser who read `article`, answered that it did not help, then asked. */
async function readThenAsked(relayUrl: string, article: string, text: string): Promise<() => void> {
  const ws = new WebSocket(`${relayUrl.replace('http', 'ws')}/v1/visitor`)
  const acked = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ack') resolve()
    })
    ws.once('error', reject)
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(JSON.stringify({ type: 'hello', site: SITE }))
  ws.send(JSON.stringify({ type: 'kb_feedback', article, helped: false }))
  ws.send(JSON.stringify({ type: 'msg', cid: `read-${Date.now()}`, text, articles: [article] }))
  await acked
  return () => ws.close()
}

async function operator(browser: Browser, relayUrl: string, account: OperatorAccount): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await loginAsOperator(page, relayUrl, account)
  return page
}

test('a supervisor writes an article; an operator inserts it from the composer, edits and sends it, and sees what a visitor read', async ({ browser }) => {
  const database = seededDatabase([SUPERVISOR, ALICE])
  const relay = await startRelayProcess(database.db)
  const examples = await startExampleServer(relay.url)
  try {
    const sam = await operator(browser, relay.url, SUPERVISOR)
    await expect(sam.locator('.link[data-state="online"]')).toBeVisible()
    // Away, so the visitor's chat is routed to Alice, the operator under test.
    await sam.getByLabel('Status').selectOption('away')
    await sam.getByRole('button', { name: 'Knowledge base' }).click()
    const dialog = sam.getByRole('dialog', { name: 'Knowledge base' })
    await dialog.getByLabel('Site').fill(SITE)
    await expect(dialog.getByText('No articles yet.')).toBeVisible()

    const addArticle = async (title: string, body: string, tags = '') => {
      await dialog.getByLabel('Title').fill(title)
      await dialog.getByLabel('Body').fill(body)
      await dialog.getByLabel('Tags (comma-separated)').fill(tags)
      await dialog.getByRole('button', { name: 'Add article' }).click()
    }
    const articles = dialog.getByRole('list', { name: 'Articles' })

    await addArticle('Refund policy', 'Refunds take a while.', 'billing, refunds')
    await expect(articles.getByText('Refund policy')).toBeVisible()
    await expect(articles.getByText('en · billing, refunds')).toBeVisible()
    // The relay refuses a second article with the same title, and its reason is shown.
    await addArticle('Refund policy', 'Another one.')
    await expect(dialog.getByRole('alert')).toContainText('already has the title "Refund policy"')

    // Changing one: the form gets the whole body, and the change is what operators insert later.
    await dialog.getByRole('button', { name: 'Edit "Refund policy"' }).click()
    await expect(dialog.getByLabel('Body')).toHaveValue('Refunds take a while.')
    await dialog.getByLabel('Body').fill(BODY)
    await dialog.getByLabel('Language').selectOption('en')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog.getByRole('heading', { name: `New article on ${SITE}` })).toBeVisible()

    await addArticle('Old shipping rates', 'Shipping is free over 50.')
    await expect(articles.getByText('Old shipping rates')).toBeVisible()
    await dialog.getByRole('button', { name: 'Delete "Old shipping rates"' }).click()
    await expect(articles.getByText('Old shipping rates')).toHaveCount(0)
    await dialog.getByLabel('Search articles').fill('refunds')
    await expect(articles.getByRole('listitem')).toHaveCount(1)
    await expect(dialog.getByRole('heading', { name: 'Deflections' })).toBeVisible()
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toBeHidden()

    const alice = await operator(browser, relay.url, ALICE)
    await expect(alice.getByRole('button', { name: 'Ratings' })).toBeVisible()
    await expect(alice.getByRole('button', { name: 'Knowledge base' })).toHaveCount(0)

    const visitorPage = await (await browser.newContext()).newPage()
    await visitorPage.goto(`${examples.origin}/basic.html`)
    const widget = await openWidget(visitorPage)
    await widget.write('How long does a refund take?')

    const mine = alice.getByRole('navigation', { name: 'Conversations' }).locator('section', { has: alice.getByRole('heading', { name: 'Mine' }) })
    await mine.getByRole('button', { name: /refund take/ }).click()
    const reply = alice.getByRole('textbox', { name: 'Reply' })
    const picker = alice.getByRole('listbox', { name: 'Canned answers and articles' })

    // Esc closes the picker, not the chat, and leaves the draft alone.
    await reply.fill('/refund')
    await expect(picker.getByRole('group', { name: 'Knowledge base' }).getByRole('option', { name: /Refund policy/ })).toBeVisible()
    await reply.press('Escape')
    await expect(picker).toBeHidden()
    await expect(reply).toHaveValue('/refund')
    await expect(alice.getByRole('log', { name: 'Messages' }).getByText('How long does a refund take?')).toBeVisible()

    // Starting again opens it; the keyboard picks the article, whose whole body goes in for editing.
    await reply.fill('')
    await reply.pressSequentially('/refunds')
    await expect(picker.getByRole('option', { name: /Refund policy/ })).toHaveAttribute('aria-selected', 'true')
    await reply.press('Enter')
    await expect(reply).toHaveValue(BODY)
    await expect(picker).toBeHidden()
    // Nothing was sent by inserting it.
    await expect(widget.log.getByText(BODY)).toHaveCount(0)

    await reply.press('End')
    await reply.pressSequentially(' Anything else I can do?')
    await reply.press('Enter')
    const sent = `${BODY} Anything else I can do?`
    await expect(widget.log.getByText(sent)).toBeVisible()
    await expect(alice.getByRole('log', { name: 'Messages' }).getByText(sent)).toBeVisible()

    // Another visitor read the article, said it did not help, and asked anyway.
    const listing = await sam.request.get(`${relay.url}/agent/api/kb?site=${SITE}&q=refund`)
    const [article] = ((await listing.json()) as { articles: { id: string }[] }).articles
    const leave = await readThenAsked(relay.url, article!.id, 'That refund article did not help me')
    await mine.getByRole('button', { name: /did not help me/ }).click()
    const read = alice.getByRole('region', { name: 'Read before asking' })
    await expect(read.getByRole('listitem')).toHaveCount(1)
    await expect(read.getByRole('listitem')).toContainText('Refund policy')
    await expect(read.getByRole('listitem')).toContainText('did not help')
    // The first chat's visitor read nothing: no such list there.
    await mine.getByRole('button', { name: /Anything else/ }).click()
    await expect(alice.getByRole('region', { name: 'Read before asking' })).toHaveCount(0)

    await sam.getByRole('button', { name: 'Knowledge base' }).click()
    await expect(dialog.getByLabel('Site')).toHaveValue(SITE)
    await expect(dialog.getByText(/0 deflections on demo/)).toBeVisible()
    await expect(dialog.getByRole('row', { name: /Refund policy/ }).getByRole('cell')).toHaveText(['0', '1'])
    leave()
  } finally {
    await examples.close()
    await stopRelayProcess(relay)
    database.remove()
  }
})
