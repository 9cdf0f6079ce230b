/**
 * The loader: every page view gets only /widget.js and a launcher painted at once; the widget
 * itself is fetched on intent. Opening, Esc and focus, and the unread badge after a reply.
 */
import { expect, loginAsOperator, openWidget, test } from './fixtures.js'

const isWidgetBundle = (url: string) => /\/assets\/widget-[a-z]{2}-[A-Z0-9]+\.js$/.test(url)

test('the launcher is painted before the widget is fetched, which waits for intent', async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(`${examples}/basic.html`)
  const launcher = page.getByRole('button', { name: 'Open chat' })
  await expect(launcher).toBeVisible()
  await page.waitForLoadState('networkidle')
  expect(requests.some((url) => url.endsWith('/widget.js'))).toBe(true)
  expect(requests.filter(isWidgetBundle)).toEqual([]) // a page that never opens the chat stops here

  await launcher.hover()
  await expect.poll(() => requests.filter(isWidgetBundle).length).toBe(1)
  expect(requests.findIndex((url) => url.endsWith('/widget.js'))).toBeLessThan(requests.findIndex(isWidgetBundle))
})

test('a click is not lost when the widget arrives between press and release', async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/basic.html`)
  const box = await page.getByRole('button', { name: 'Open chat' }).boundingBox()
  if (!box) throw new Error('the launcher has no box')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2) // hovering fetches the widget
  await page.mouse.down()
  await page.waitForFunction(() => (window as unknown as { Parley?: { loaded?: true } }).Parley?.loaded === true)
  await page.mouse.up()
  await expect(page.getByRole('textbox', { name: 'Write a message' })).toBeFocused()
})

test('Parley("open") opens the chat without stealing focus; Esc closes it and focus returns to the launcher', async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/basic.html`)
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible()
  await page.evaluate(() => (window as unknown as { Parley: (verb: string) => void }).Parley('open'))
  const composer = page.getByRole('textbox', { name: 'Write a message' })
  await expect(composer).toBeVisible()
  await expect(composer).not.toBeFocused()

  await composer.focus()
  await page.keyboard.press('Escape')
  await expect(composer).toBeHidden()
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeFocused()
  await page.keyboard.press('Enter') // keyboard only: the focused launcher opens it again
  await expect(composer).toBeFocused()
})

test('an operator reply while the panel is closed shows an unread badge, also after a reload', async ({ browser, examples, relay }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/basic.html`)
  const widget = await openWidget(page)
  await widget.write('Ping for the badge test')
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)
  await page.keyboard.press('Escape')

  const operator = await (await browser.newContext()).newPage()
  await loginAsOperator(operator, relay.url)
  await operator.getByRole('button', { name: /Ping for the badge test/ }).first().click()
  await operator.getByRole('textbox', { name: 'Reply' }).fill('Pong!')
  await operator.getByRole('textbox', { name: 'Reply' }).press('Enter')

  await expect(page.getByRole('button', { name: 'Open chat (1 unread)' })).toBeVisible()
  await page.reload()
  // Painted by the loader from what the widget left on the device, before the widget loads.
  await expect(page.getByRole('button', { name: 'Open chat (1 unread)' })).toBeVisible()
  await page.getByRole('button', { name: 'Open chat (1 unread)' }).click()
  await expect(page.getByRole('log').getByText('Pong!')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Close chat' }).last()).toBeVisible()
})

for (const [locale, open, composer, empty] of [
  ['ru-RU', 'Открыть чат', 'Напишите сообщение', 'Задайте любой вопрос — обычно мы отвечаем за несколько минут.'],
  ['pt-BR', 'Abrir chat', 'Escreva uma mensagem', null],
] as const) {
  test(`speaks the visitor's language (${locale}) from the launcher on`, async ({ browser, examples }) => {
    const page = await (await browser.newContext({ locale })).newPage()
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(`${examples}/basic.html`)
    await page.getByRole('button', { name: open }).click()
    await expect(page.getByRole('textbox', { name: composer })).toBeFocused()
    if (empty) await expect(page.getByText(empty)).toBeVisible()
    // Only the visitor's own language was downloaded.
    expect(requests.filter(isWidgetBundle).map((url) => url.match(/widget-(\w\w)-/)?.[1])).toEqual([locale.slice(0, 2)])
    await expect(page.locator('parley-chat .root')).toHaveAttribute('lang', locale.slice(0, 2))
  })
}

test('works on a page with a strict Content-Security-Policy, with no violation', async ({ browser, examples, relay }) => {
  const page = await (await browser.newContext()).newPage()
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(msg.text())) problems.push(msg.text())
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  await page.goto(`${examples}/strict-csp.html`)
  const widget = await openWidget(page)
  await widget.write('Hello from a strict page')
  await expect(widget.log.locator('[data-delivery="sent"]')).toHaveCount(1)
  // Styles applied: the launcher is round and coloured, not an unstyled button.
  await expect(page.locator('parley-chat .launcher')).toHaveCSS('border-radius', '50%')
  expect(problems).toEqual([])
  void relay
})

test("the host page's CSS cannot restyle the widget", async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/basic.html`)
  await page.addStyleTag({ content: '* { color: red !important; font-size: 40px !important; border-radius: 0 !important } button { visibility: hidden !important } parley-chat * { display: none !important }' })
  const launcher = page.getByRole('button', { name: 'Open chat' })
  await expect(launcher).toBeVisible()
  await expect(page.locator('parley-chat .launcher')).toHaveCSS('border-radius', '50%')
  await launcher.click()
  await expect(page.locator('parley-chat textarea')).toHaveCSS('font-size', '16px')
  await expect(page.locator('parley-chat .header h2')).not.toHaveCSS('color', 'rgb(255, 0, 0)')
})

test('fills the screen on a phone, with the composer in view', async ({ browser, examples }) => {
  const page = await (await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true })).newPage()
  await page.goto(`${examples}/basic.html`)
  await page.getByRole('button', { name: 'Open chat' }).tap()
  const panel = page.locator('parley-chat .panel')
  await expect(panel).toBeVisible()
  expect(await panel.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 })
  await expect(page.getByRole('textbox', { name: 'Write a message' })).toBeInViewport()
  await expect(page.locator('parley-chat textarea')).toHaveCSS('font-size', '16px') // no zoom on focus in iOS
})

test('takes colour, side and title from the tag, and fonts, radius and parts from the page', async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/theming.html`)
  const launcher = page.locator('parley-chat .launcher')
  await expect(launcher).toHaveCSS('background-color', 'rgb(250, 204, 21)')
  await expect(launcher).toHaveCSS('color', 'rgb(17, 17, 17)') // dark text: yellow is light
  const box = await launcher.boundingBox()
  expect(box!.x).toBeLessThan(100) // on the left
  await launcher.click()
  await expect(page.getByRole('dialog', { name: 'Ask the bakery' })).toBeVisible()
  await expect(page.locator('parley-chat .panel')).toHaveCSS('border-radius', '4px')
  await expect(page.locator('parley-chat .root')).toHaveCSS('font-family', /Georgia/)
})

test('makes http(s) links clickable and leaves everything else as text', async ({ browser, examples }) => {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${examples}/basic.html`)
  const widget = await openWidget(page)
  await widget.write('See https://shop.example/orders/42. Not javascript:alert(1) nor <a href="x">this</a>')
  const bubble = widget.log.locator('.bubble').last()
  await expect(bubble).toHaveText('See https://shop.example/orders/42. Not javascript:alert(1) nor <a href="x">this</a>')
  await expect(bubble.locator('a')).toHaveCount(1)
  await expect(bubble.locator('a')).toHaveAttribute('href', 'https://shop.example/orders/42')
  await expect(bubble.locator('a')).toHaveAttribute('rel', 'noopener noreferrer')
})
