/**
 * The operator side end to end, in three browser contexts (a visitor and two operators) around
 * visitors without a browser that fill capacity and the queue: queue positions that fall,
 * a transfer with a note, closing and rating, a VIP jumping the queue, and a message left
 * while nobody was online, answered later and seen on the next visit.
 */
import type { Browser, Page } from '@playwright/test'
import {
  expect,
  loginAsOperator,
  openWidget,
  rawVisitor,
  seededDatabase,
  startExampleServer,
  startRelayProcess,
  stopRelayProcess,
  test,
  type OperatorAccount,
  type RelayProcess,
} from './fixtures.js'

const ALICE: OperatorAccount = { login: 'alice', name: 'Alice', password: 'alice-password', capacity: 1 }
const BOB: OperatorAccount = { login: 'bob', name: 'Bob', password: 'bob-password', capacity: 1, skills: ['billing'] }

interface Setup {
  relay: RelayProcess
  examples: string
  close(): Promise<void>
}

async function startWith(operators: OperatorAccount[]): Promise<Setup> {
  const database = seededDatabase(operators)
  const relay = await startRelayProcess(database.db, 0, ['--agent-grace', '2000'])
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

async function operator(browser: Browser, relay: RelayProcess, account: OperatorAccount): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await loginAsOperator(page, relay.url, account)
  return page
}

/** A visitor page that records the widget's events (registered through the queue stub, before load). */
async function visitor(browser: Browser, examples: string, context: Record<string, unknown> = {}): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.addInitScript((ctx) => {
    const w = window as unknown as { Parley: (...args: unknown[]) => void; parleyEvents: unknown[] }
    w.parleyEvents = []
    w.Parley = w.Parley || function (...args: unknown[]) { ((w.Parley as unknown as { q: unknown[] }).q ||= []).push(args) }
    if (Object.keys(ctx).length) w.Parley('context', ctx)
    w.Parley('on', 'rated', (rating: unknown) => w.parleyEvents.push(rating))
  }, context)
  await page.goto(`${examples}/basic.html`)
  return page
}

const statusLine = (page: Page) => page.locator('.status-line')
const mine = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).locator('section', { has: page.getByRole('heading', { name: 'Mine' }) })
const queue = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).locator('section', { has: page.getByRole('heading', { name: 'Queue' }) })

test('the queue moves, a chat is transferred with a note, closed and rated', async ({ browser }) => {
  const setup = await startWith([ALICE, BOB])
  try {
    const alice = await operator(browser, setup.relay, ALICE)
    const bob = await operator(browser, setup.relay, BOB)
    // Both operators at capacity, one more visitor waiting ahead of ours.
    const first = await rawVisitor(setup.relay.url, 'First customer')
    const second = await rawVisitor(setup.relay.url, 'Second customer')
    await expect(mine(alice).getByRole('button')).toHaveCount(1)
    await expect(mine(bob).getByRole('button')).toHaveCount(1)
    const third = await rawVisitor(setup.relay.url, 'Third customer')

    const page = await visitor(browser, setup.examples)
    const widget = await openWidget(page)
    await widget.write('Question about invoice 42')
    await expect(statusLine(page)).toHaveAttribute('data-position', '2')
    await expect(statusLine(page)).toContainText("You're number 2 in line")

    // Alice closes her chat: the oldest waiting one goes to her, ours moves up.
    await mine(alice).getByRole('button').first().click()
    await alice.getByRole('button', { name: 'Close chat' }).click()
    await expect(statusLine(page)).toContainText("You're next in line")
    // Bob closes his: ours is his now.
    await mine(bob).getByRole('button').first().click()
    await bob.getByRole('button', { name: 'Close chat' }).click()
    await expect(statusLine(page)).toContainText("You're chatting with Bob")
    await expect(page.locator('.system').getByText('Bob joined the chat')).toBeVisible()

    // Bob may not hand it to Alice while she is full; once she has room, he can.
    await mine(bob).getByRole('button', { name: /invoice 42/ }).click()
    await bob.getByRole('button', { name: 'Transfer…' }).click()
    const dialog = bob.getByRole('dialog', { name: 'Transfer chat' })
    await dialog.getByLabel('Note for the next operator').fill('Wants a refund for invoice 42; identity checked')
    await expect(dialog.getByRole('radio', { name: /Alice/ })).toBeDisabled()
    await mine(alice).getByRole('button').first().click()
    await alice.getByRole('button', { name: 'Close chat' }).click()
    await expect(dialog.getByRole('radio', { name: /Alice/ })).toBeEnabled()
    await dialog.getByRole('radio', { name: /Alice/ }).check()
    await dialog.getByRole('button', { name: 'Transfer' }).click()

    await expect(page.locator('.system').getByText('Alice took over from Bob')).toBeVisible()
    await expect(statusLine(page)).toContainText("You're chatting with Alice")
    await mine(alice).getByRole('button', { name: /invoice 42/ }).click()
    await expect(alice.getByRole('note', { name: 'Transfer note' })).toContainText('Wants a refund for invoice 42; identity checked')
    await expect(alice.getByRole('note', { name: 'Transfer note' })).toContainText('Bob')
    await expect(alice.getByRole('log', { name: 'Messages' }).getByText('Question about invoice 42')).toBeVisible()

    await alice.getByRole('textbox', { name: 'Reply' }).fill('Refund is on its way.')
    await alice.getByRole('textbox', { name: 'Reply' }).press('Enter')
    await expect(widget.log.getByText('Refund is on its way.')).toBeVisible()
    await alice.getByRole('button', { name: 'Close chat' }).click()

    // The visitor rates; the page hears `rated`; the operators see it.
    await page.getByRole('button', { name: 'Rate 4 of 5' }).click()
    await page.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick refund, thanks')
    await page.getByRole('button', { name: 'Send rating' }).click()
    await expect(page.getByText('Thanks for your feedback!')).toBeVisible()
    await expect.poll(() => page.evaluate(() => (window as unknown as { parleyEvents: unknown[] }).parleyEvents)).toEqual([
      expect.objectContaining({ score: 4, comment: 'Quick refund, thanks' }),
    ])
    await alice.getByRole('button', { name: 'Ratings' }).click()
    const ratings = alice.getByRole('dialog', { name: 'Ratings' })
    await expect(ratings.getByRole('row', { name: /Alice/ })).toContainText('4.0')
    await expect(ratings.getByRole('row', { name: /Bob/ })).toContainText('4.0')
    await expect(ratings.getByText('Quick refund, thanks')).toBeVisible()
    for (const v of [first, second, third]) v.close()
  } finally {
    await setup.close()
  }
})

test('a VIP goes ahead of the queue', async ({ browser }) => {
  const setup = await startWith([ALICE])
  try {
    const alice = await operator(browser, setup.relay, ALICE)
    const busy = await rawVisitor(setup.relay.url, 'Keeps Alice busy')
    await expect(mine(alice).getByRole('button')).toHaveCount(1)
    const waiting = await rawVisitor(setup.relay.url, 'Waiting patiently')

    const page = await visitor(browser, setup.examples, { vip: true, plan: 'Platinum' })
    const widget = await openWidget(page)
    await widget.write('VIP question')
    await expect(statusLine(page)).toContainText("You're next in line")
    await expect(queue(alice).getByRole('button', { name: /Take/ }).first()).toHaveAccessibleName(/Take/)
    await expect(queue(alice).locator('li').first()).toContainText('VIP question')
    await expect(queue(alice).locator('li').nth(1)).toContainText('Waiting patiently')
    busy.close()
    waiting.close()
  } finally {
    await setup.close()
  }
})

test('a message left while nobody is online is answered later and seen on the next visit', async ({ browser }) => {
  const setup = await startWith([ALICE])
  try {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${setup.examples}/basic.html`)
    const widget = await openWidget(page)
    await expect(page.getByText("No one is online right now. Leave a message and we'll answer here.")).toBeVisible()
    await widget.write('Do you ship to Lisbon?')
    await page.getByRole('textbox', { name: 'Your email' }).fill('ann@example.com')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText("Thanks — we'll also write to you there.")).toBeVisible()
    await page.close()

    const alice = await operator(browser, setup.relay, ALICE)
    await mine(alice).getByRole('button', { name: /Lisbon/ }).click()
    await expect(alice.getByRole('complementary', { name: 'Visitor' })).toContainText('ann@example.com')
    await alice.getByRole('textbox', { name: 'Reply' }).fill('Yes, in 3 days.')
    await alice.getByRole('textbox', { name: 'Reply' }).press('Enter')
    await expect(alice.getByRole('log', { name: 'Messages' }).locator('li.msg:not(.from-system)[data-state="sent"]')).toHaveCount(2)

    const later = await context.newPage()
    await later.goto(`${setup.examples}/basic.html`)
    const again = await openWidget(later)
    await expect(again.log.locator('.bubble')).toHaveText(['Do you ship to Lisbon?', 'Yes, in 3 days.'])
  } finally {
    await setup.close()
  }
})
