/**
 * The seldom words (widget/ui/seldom-words): a Russian visitor whose chat is passed to a
 * department reads that line in Russian. Its words are not in the widget: they come with a small
 * part, fetched only when such a line is first shown, and the line is drawn again when they arrive.
 */
import { expect, loginAsOperator, seededDatabase, startExampleServer, startRelayProcess, stopRelayProcess, test } from './fixtures.js'

const isSeldomPart = (url: string) => /\/assets\/part-seldom-words-\w+\.js$/.test(url)

test('a chat passed to a department shows the line in Russian once the seldom words arrive', async ({ browser }) => {
  const database = seededDatabase()
  const relay = await startRelayProcess(database.db)
  const examples = await startExampleServer(relay.url)
  try {
    const operator = await (await browser.newContext()).newPage()
    await loginAsOperator(operator, relay.url)

    const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage()
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(`${examples.origin}/basic.html`)
    await page.getByRole('button', { name: 'Открыть чат' }).click()
    const composer = page.getByRole('textbox', { name: 'Напишите сообщение' })
    await composer.fill('Вопрос про счёт 42')
    await composer.press('Enter')
    const system = page.getByRole('log').locator('.system')
    // Joining is in every chat: the widget words it itself, with no part fetched.
    await expect(system).toHaveText(['Alice Operator присоединяется к чату'])
    expect(requests.filter(isSeldomPart)).toEqual([])

    await operator.getByRole('button', { name: /Вопрос про счёт 42/ }).click()
    await operator.getByRole('button', { name: 'Transfer…' }).click()
    const dialog = operator.getByRole('dialog', { name: 'Transfer chat' })
    await dialog.getByRole('combobox', { name: 'Department' }).fill('billing')
    await dialog.getByLabel('Note for the next operator').fill('Asks about invoice 42')
    await dialog.getByRole('button', { name: 'Transfer' }).click()

    // (Nobody in billing has room, so the chat may come back to Alice: a second "joined" line then.)
    await expect(system.nth(1)).toHaveText('Чат передан в отдел «billing»; Вам ответит первый свободный оператор')
    expect(requests.filter(isSeldomPart)).toHaveLength(1)
  } finally {
    await examples.close()
    await stopRelayProcess(relay)
    database.remove()
  }
})
