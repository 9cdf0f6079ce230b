import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { KB_MAX_BODY_LENGTH, KB_MAX_QUERY_LENGTH, type KbArticle, type KbHit } from '../protocol/index.js'
import { hashPassword } from './secrets.js'
import type { Relay } from './server.js'
import { openStore } from './store/index.js'
import { LOCKED_SITE, TEST_AGENT, TEST_SITE, loginCookie, seededDb, startRelay, tempDir } from './testing.js'

const SUPERVISOR = { id: 'sue', password: 'supervisor pass' }
/** An operator who serves the locked site only. */
const LOCKED_AGENT = { id: 'lena', password: 'locked agent pass' }

describe('knowledge base over HTTP', () => {
  let tmp: ReturnType<typeof tempDir>
  let relay: Relay
  let agentCookie: string
  let supervisorCookie: string
  let lockedCookie: string

  before(async () => {
    tmp = tempDir()
    const db = seededDb(tmp.dir)
    const store = openStore(db)
    store.agents.add({ id: SUPERVISOR.id, name: 'Sue', passwordHash: hashPassword(SUPERVISOR.password), skills: [], capacity: 4, role: 'supervisor', sites: [TEST_SITE.id] })
    store.agents.add({ id: LOCKED_AGENT.id, name: 'Lena', passwordHash: hashPassword(LOCKED_AGENT.password), skills: [], capacity: 4, role: 'agent', sites: [LOCKED_SITE.id] })
    store.kb.add(TEST_SITE.id, { id: 'payments', lang: 'en', tags: ['billing'], title: 'Payment methods', body: `We accept **cards** and bank transfer. ${'More about payment. '.repeat(40)}` })
    store.kb.add(TEST_SITE.id, { id: 'refunds', lang: 'en', tags: [], title: 'Refunds', body: 'A refund goes back by the same payment method.' })
    store.kb.add(TEST_SITE.id, { id: 'pt-pagamento', lang: 'pt', tags: [], title: 'Formas de pagamento', body: 'Aceitamos cartão e Pix.' })
    store.kb.add(TEST_SITE.id, { id: 'shipping', lang: 'en', tags: [], title: 'Shipping', body: 'Orders ship in two days.' })
    store.kb.add(LOCKED_SITE.id, { id: 'locked-payments', lang: 'en', tags: [], title: 'Locked payments', body: 'Only for the locked shop: payment by invoice.' })
    store.close()
    relay = await startRelay(db)
    agentCookie = await loginCookie(relay)
    supervisorCookie = await loginCookie(relay, SUPERVISOR.id, SUPERVISOR.password)
    lockedCookie = await loginCookie(relay, LOCKED_AGENT.id, LOCKED_AGENT.password)
  })
  after(async () => {
    await relay.close()
    tmp.remove()
  })

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${relay.url}${path}`, { headers })
  const send = (method: string, path: string, cookie: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${relay.url}${path}`, { method, headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code
  /** Every article of the test site, as the supervisor's listing shows them. */
  const shopArticles = async (): Promise<KbHit[]> => ((await (await get(`/agent/api/kb?site=${TEST_SITE.id}`, { Cookie: supervisorCookie })).json()) as { articles: KbHit[] }).articles

  describe('GET /v1/kb/search', () => {
    it('answers a few tiny suggestions, best first, cacheable and readable from any page of an open site', async () => {
      const res = await get(`/v1/kb/search?site=${TEST_SITE.id}&q=payments&lang=en`, { Origin: 'https://anywhere.example' })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://anywhere.example')
      assert.match(res.headers.get('Cache-Control') ?? '', /max-age=\d+/)
      assert.match(res.headers.get('Vary') ?? '', /Origin/)
      const text = await res.text()
      const { articles } = JSON.parse(text) as { articles: Record<string, string>[] }
      assert.deepEqual(articles.map((a) => a.id), ['payments', 'refunds'])
      for (const article of articles) assert.deepEqual(Object.keys(article).sort(), ['id', 'snippet', 'title'])
      assert.ok(articles[0]!.snippet!.length <= 160)
      assert.ok(!articles[0]!.snippet!.includes('**'))
      assert.ok(text.length < 600, `payload of ${text.length} bytes`)
    })

    it('keeps to the language asked for and to the site named', async () => {
      const pt = (await (await get(`/v1/kb/search?site=${TEST_SITE.id}&q=pagamentos&lang=pt`)).json()) as { articles: { id: string }[] }
      assert.deepEqual(pt.articles.map((a) => a.id), ['pt-pagamento'])
      const all = (await (await get(`/v1/kb/search?site=${TEST_SITE.id}&q=payment`)).json()) as { articles: { id: string }[] }
      assert.ok(!all.articles.some((a) => a.id === 'locked-payments'))
    })

    it('answers an empty list while nothing searchable is typed', async () => {
      assert.deepEqual(await (await get(`/v1/kb/search?site=${TEST_SITE.id}&q=`)).json(), { articles: [] })
      assert.deepEqual(await (await get(`/v1/kb/search?site=${TEST_SITE.id}&q=${encodeURIComponent('?! "*')}`)).json(), { articles: [] })
    })

    it('serves a site that lists origins to those pages only', async () => {
      const allowed = await get(`/v1/kb/search?site=${LOCKED_SITE.id}&q=payment`, { Origin: LOCKED_SITE.origin })
      assert.equal(allowed.status, 200)
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), LOCKED_SITE.origin)
      assert.deepEqual(((await allowed.json()) as { articles: { id: string }[] }).articles.map((a) => a.id), ['locked-payments'])
      const foreign = await get(`/v1/kb/search?site=${LOCKED_SITE.id}&q=payment`, { Origin: 'https://evil.example' })
      assert.equal(foreign.status, 403)
      assert.equal(await errorCode(foreign), 'forbidden')
      // The page can read why (the refusal carries the CORS header too).
      assert.equal(foreign.headers.get('Access-Control-Allow-Origin'), 'https://evil.example')
      assert.equal((await get(`/v1/kb/search?site=${LOCKED_SITE.id}&q=payment`)).status, 403)
    })

    it('answers a CORS preflight for GET', async () => {
      const res = await fetch(`${relay.url}/v1/kb/search`, { method: 'OPTIONS', headers: { Origin: LOCKED_SITE.origin, 'Access-Control-Request-Method': 'GET' } })
      assert.equal(res.status, 204)
      assert.match(res.headers.get('Access-Control-Allow-Methods') ?? '', /GET/)
    })

    it('refuses bad parameters with 400 and a reason, and an unknown site with 404', async () => {
      const cases: [string, number, string][] = [
        [`/v1/kb/search?q=payment`, 400, 'bad_field'],
        [`/v1/kb/search?site=Not_A_Site&q=payment`, 400, 'bad_field'],
        [`/v1/kb/search?site=${TEST_SITE.id}`, 400, 'bad_field'],
        [`/v1/kb/search?site=${TEST_SITE.id}&q=${'a'.repeat(KB_MAX_QUERY_LENGTH + 1)}`, 400, 'bad_field'],
        [`/v1/kb/search?site=${TEST_SITE.id}&q=payment&lang=de`, 400, 'bad_field'],
        [`/v1/kb/search?site=nosuch&q=payment`, 404, 'unknown_site'],
      ]
      for (const [path, status, code] of cases) {
        const res = await get(path)
        assert.equal(res.status, status, path)
        assert.equal(await errorCode(res), code, path)
      }
    })
  })

  describe('GET /v1/kb/articles/<id>', () => {
    it('answers the whole article of the site named', async () => {
      const res = await get(`/v1/kb/articles/refunds?site=${TEST_SITE.id}`, { Origin: 'https://anywhere.example' })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://anywhere.example')
      const { article } = (await res.json()) as { article: KbArticle }
      assert.deepEqual({ ...article, updatedAt: 0 }, { id: 'refunds', site: TEST_SITE.id, title: 'Refunds', body: 'A refund goes back by the same payment method.', lang: 'en', tags: [], updatedAt: 0 })
    })

    it('does not find another site’s article, and keeps to the site’s origins', async () => {
      const other = await get(`/v1/kb/articles/locked-payments?site=${TEST_SITE.id}`)
      assert.equal(other.status, 404)
      assert.equal(await errorCode(other), 'not_found')
      assert.equal((await get(`/v1/kb/articles/locked-payments?site=${LOCKED_SITE.id}`, { Origin: 'https://evil.example' })).status, 403)
      assert.equal((await get(`/v1/kb/articles/locked-payments?site=${LOCKED_SITE.id}`, { Origin: LOCKED_SITE.origin })).status, 200)
      assert.equal((await get('/v1/kb/articles/refunds')).status, 400)
    })
  })

  describe('/agent/api/kb for operators', () => {
    it('needs a login', async () => {
      const res = await get('/agent/api/kb?q=payment')
      assert.equal(res.status, 401)
      assert.equal(await errorCode(res), 'unauthorized')
    })

    it('searches the sites the operator serves, and only those', async () => {
      const everySite = (await (await get('/agent/api/kb?q=payment', { Cookie: agentCookie })).json()) as { articles: KbHit[] }
      assert.deepEqual(new Set(everySite.articles.map((a) => a.id)), new Set(['payments', 'refunds', 'locked-payments']))
      assert.deepEqual(Object.keys(everySite.articles[0]!).sort(), ['id', 'lang', 'site', 'snippet', 'tags', 'title', 'updatedAt'])

      const res = await get('/agent/api/kb?q=payment', { Cookie: lockedCookie })
      assert.equal(res.headers.get('Cache-Control'), 'no-store')
      assert.deepEqual(((await res.json()) as { articles: KbHit[] }).articles.map((a) => a.id), ['locked-payments'])
      const foreign = await get(`/agent/api/kb?q=payment&site=${TEST_SITE.id}`, { Cookie: lockedCookie })
      assert.equal(foreign.status, 404)
      assert.equal((await get(`/agent/api/kb/payments?site=${TEST_SITE.id}`, { Cookie: lockedCookie })).status, 404)
    })

    it('lists articles without a query, and reads one', async () => {
      const listed = (await (await get(`/agent/api/kb?lang=en`, { Cookie: lockedCookie })).json()) as { articles: KbHit[] }
      assert.deepEqual(listed.articles.map((a) => a.id), ['locked-payments'])
      assert.equal((await shopArticles()).length, 4)
      const res = await get(`/agent/api/kb/payments?site=${TEST_SITE.id}`, { Cookie: agentCookie })
      assert.equal(((await res.json()) as { article: KbArticle }).article.title, 'Payment methods')
    })

    it('lets a supervisor add, change and remove an article, which the widget finds at once', async () => {
      const longBody = `Stars are earned on every purchase. ${'Ещё немного текста. '.repeat(400)}` // past the API's usual 4 KiB
      const added = await send('POST', '/agent/api/kb', supervisorCookie, { site: TEST_SITE.id, title: 'Loyalty stars', body: longBody, lang: 'en', tags: ['bonus'] })
      assert.equal(added.status, 201, await added.clone().text())
      const { article } = (await added.json()) as { article: KbArticle }
      assert.equal(article.site, TEST_SITE.id)
      const found = (await (await get(`/v1/kb/search?site=${TEST_SITE.id}&q=loyalty`)).json()) as { articles: { id: string }[] }
      assert.deepEqual(found.articles.map((a) => a.id), [article.id])

      const changed = await send('PUT', `/agent/api/kb/${article.id}?site=${TEST_SITE.id}`, supervisorCookie, { title: 'Reward stars', body: 'Stars for every order.', lang: 'en' })
      assert.equal(changed.status, 200)
      assert.deepEqual(((await changed.json()) as { article: KbArticle }).article.tags, [])
      assert.deepEqual(((await (await get(`/v1/kb/search?site=${TEST_SITE.id}&q=loyalty`)).json()) as { articles: unknown[] }).articles, [])

      const removed = await send('DELETE', `/agent/api/kb/${article.id}?site=${TEST_SITE.id}`, supervisorCookie, '')
      assert.equal(removed.status, 200)
      assert.equal((await get(`/v1/kb/articles/${article.id}?site=${TEST_SITE.id}`)).status, 404)
      assert.equal((await send('DELETE', `/agent/api/kb/${article.id}?site=${TEST_SITE.id}`, supervisorCookie, '')).status, 404)
    })

    it('refuses changes from an operator who is not a supervisor, changing nothing', async () => {
      const before = await shopArticles()
      const attempts = [
        send('POST', '/agent/api/kb', agentCookie, { site: TEST_SITE.id, title: 'Sneaky', body: 'x', lang: 'en' }),
        send('PUT', `/agent/api/kb/refunds?site=${TEST_SITE.id}`, agentCookie, { title: 'Sneaky', body: 'x', lang: 'en' }),
        send('DELETE', `/agent/api/kb/refunds?site=${TEST_SITE.id}`, agentCookie, ''),
      ]
      for (const res of await Promise.all(attempts)) {
        assert.equal(res.status, 403)
        assert.equal(await errorCode(res), 'forbidden')
      }
      assert.deepEqual(await shopArticles(), before)
    })

    it('answers 404 for a site the supervisor does not serve', async () => {
      const res = await send('POST', '/agent/api/kb', supervisorCookie, { site: LOCKED_SITE.id, title: 'Mine now', body: 'x', lang: 'en' })
      assert.equal(res.status, 404)
      assert.equal(await errorCode(res), 'not_found')
      assert.equal((await send('DELETE', `/agent/api/kb/locked-payments?site=${LOCKED_SITE.id}`, supervisorCookie, '')).status, 404)
      assert.equal((await get(`/v1/kb/articles/locked-payments?site=${LOCKED_SITE.id}`, { Origin: LOCKED_SITE.origin })).status, 200)
    })

    it('refuses bad articles with 400 and a reason, changing nothing', async () => {
      const before = await shopArticles()
      const good = { site: TEST_SITE.id, title: 'A title', body: 'A body', lang: 'en' }
      const bad: [string, string, unknown][] = [
        ['POST', '/agent/api/kb', { ...good, title: '  ' }],
        ['POST', '/agent/api/kb', { ...good, title: undefined }],
        ['POST', '/agent/api/kb', { ...good, body: 'x'.repeat(KB_MAX_BODY_LENGTH + 1) }],
        ['POST', '/agent/api/kb', { ...good, lang: 'de' }],
        ['POST', '/agent/api/kb', { ...good, lang: undefined }],
        ['POST', '/agent/api/kb', { ...good, tags: 'billing' }],
        ['POST', '/agent/api/kb', { ...good, tags: [''] }],
        ['POST', '/agent/api/kb', { ...good, id: 'has spaces' }],
        ['POST', '/agent/api/kb', { ...good, site: undefined }],
        ['POST', '/agent/api/kb', { ...good, title: 'Refunds' }],
        ['POST', '/agent/api/kb', { ...good, id: 'refunds' }],
        ['POST', '/agent/api/kb', '{"title":'],
        ['PUT', `/agent/api/kb/refunds?site=${TEST_SITE.id}`, { ...good, title: 'Payment methods' }],
        ['PUT', `/agent/api/kb/refunds?site=${TEST_SITE.id}`, { ...good, id: 'other' }],
        ['PUT', `/agent/api/kb/refunds`, good],
      ]
      for (const [method, path, body] of bad) {
        const res = await send(method, path, supervisorCookie, body)
        assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`)
        const { error } = (await res.json()) as { error: { code: string; message: string } }
        assert.match(error.code, /^bad_(field|json)$/)
        assert.ok(error.message.length > 0)
      }
      assert.deepEqual(await shopArticles(), before)
    })

    it('refuses a body past its limit with 413, and a change from another site’s page', async () => {
      const before = await shopArticles()
      const huge = await send('POST', '/agent/api/kb', supervisorCookie, { site: TEST_SITE.id, title: 'Huge', body: 'x'.repeat(200 * 1024), lang: 'en' })
      assert.equal(huge.status, 413)
      const crossSite = await send('POST', '/agent/api/kb', supervisorCookie, { site: TEST_SITE.id, title: 'Forged', body: 'x', lang: 'en' }, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })
      assert.equal(crossSite.status, 403)
      assert.deepEqual(await shopArticles(), before)
    })

    it('still holds the rest of the agent API to 4 KiB', async () => {
      const res = await send('POST', '/agent/api/canned', supervisorCookie, { shortcut: 'big', text: 'x'.repeat(5000) })
      assert.equal(res.status, 413)
    })
  })
})
