/**
 * The foundation's promise end to end: a visitor writes in the widget on a site owner's page
 * (another origin than the relay), an operator answers on /agent, both see both messages, the
 * conversation is in SQLite, and a reload brings it back.
 */
import Database from 'better-sqlite3'
import { expect, loginAsOperator, openWidget, test, watchConsole } from './fixtures.js'

test('a visitor and an operator talk, and a reload brings the conversation back', async ({ browser, relay, examples }) => {
  const visitorContext = await browser.newContext()
  const visitor = await visitorContext.newPage()
  const problems = watchConsole(visitor)
  await visitor.goto(`${examples}/basic.html`)

  const { composer, log, write } = await openWidget(visitor)
  await expect(composer).toBeFocused()
  await write('Hi, is <b>this</b> thing on?')
  // Rendered as text: the tags stay visible characters, no <b> element appears.
  await expect(log.locator('[data-delivery="sent"]').getByText('Hi, is <b>this</b> thing on?')).toBeVisible()
  await expect(log.locator('b')).toHaveCount(0)

  const operatorContext = await browser.newContext()
  const operator = await operatorContext.newPage()
  await loginAsOperator(operator, relay.url)
  await operator.getByRole('button', { name: /is <b>this<\/b> thing on/ }).click()
  const thread = operator.getByRole('log', { name: 'Messages' })
  await expect(thread.getByText('Hi, is <b>this</b> thing on?')).toBeVisible()
  const reply = operator.getByRole('textbox', { name: 'Reply' })
  await reply.fill('Loud and clear. How can I help?')
  await reply.press('Enter')

  await expect(log.getByText('Loud and clear. How can I help?')).toBeVisible()
  // The operator has read it: the visitor's message says so.
  await expect(log.locator('.msg.mine[data-seen]')).toHaveCount(1)
  await expect(log.locator('.msg.mine .meta')).toContainText('Seen')
  await expect(log.locator('.msg .meta').getByText(/Alice Operator/)).toBeVisible()
  await expect(log.locator('.system').getByText('Alice Operator joined the chat')).toBeVisible()
  await expect(thread.locator('li.msg:not(.from-system)[data-state="sent"]')).toHaveText([/Hi, is <b>this<\/b> thing on\?/, /Loud and clear\. How can I help\?/])
  await expect(thread.locator('b')).toHaveCount(0)

  await visitor.reload()
  await visitor.getByRole('button', { name: 'Open chat' }).click()
  await expect(visitor.getByRole('log').locator('.bubble')).toHaveText(['Hi, is <b>this</b> thing on?', 'Loud and clear. How can I help?'])

  const db = new Database(relay.db, { readonly: true })
  // The relay is shared by the specs of this worker: read this conversation only.
  const stored = db
    .prepare('SELECT seq, author, text FROM messages WHERE conversation_id = (SELECT conversation_id FROM messages WHERE text = ?) ORDER BY seq')
    .all('Hi, is <b>this</b> thing on?')
  // The operator was given the chat when they came online: the relay says so in it.
  db.close()
  expect(stored).toEqual([
    { seq: 1, author: 'visitor', text: 'Hi, is <b>this</b> thing on?' },
    { seq: 2, author: 'system', text: 'Alice Operator joined the chat' },
    { seq: 3, author: 'agent', text: 'Loud and clear. How can I help?' },
  ])
  expect(problems).toEqual([])
  await visitorContext.close()
  await operatorContext.close()
})
