import assert from 'node:assert/strict'
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { after, before, describe, it } from 'node:test'
import { createAgentAuth } from './agent-auth.js'
import { LOGIN_LIMIT, createApp } from './app.js'
import { makeAsset, pickEncoding, type Bundles } from './assets.js'
import { createHub } from './hub.js'
import { hashPassword } from './secrets.js'
import { openStore, type Store } from './store/index.js'
import { TEST_AGENT, seededDb, tempDir } from './testing.js'

const WIDGET_SOURCE = `(()=>{${'/* the widget */ '.repeat(50)}})()`

describe('relay HTTP app', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: Store
  let app: ReturnType<typeof createApp>

  before(() => {
    tmp = tempDir()
    store = openStore(seededDb(tmp.dir))
    const bundles: Bundles = {
      manifest: { widgetScripts: { en: 'assets/widget-en-XYZ789.js' }, widgetParts: { en: [] }, agentScript: 'assets/agent-ABC123.js', agentStyle: 'assets/agent-DEF456.css' },
      widget: makeAsset('text/javascript; charset=utf-8', WIDGET_SOURCE),
      hashed: new Map([
        ['agent-ABC123.js', makeAsset('text/javascript; charset=utf-8', 'console.log(1)')],
        ['agent-DEF456.css', makeAsset('text/css; charset=utf-8', 'body{}')],
      ]),
    }
    app = createApp({ store, hub: createHub(), auth: createAgentAuth(store), bundles, demoSite: 'shop', log: () => {} })
  })
  after(() => {
    store.close()
    tmp.remove()
  })

  const login = (body: unknown, type = 'application/json') =>
    app.request('/agent/api/login', { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) })

  it('serves widget.js brotli- or gzip-compressed by Accept-Encoding, with a short cache', async () => {
    const br = await app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
    assert.equal(br.headers.get('Content-Encoding'), 'br')
    assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), WIDGET_SOURCE)
    assert.match(br.headers.get('Cache-Control')!, /max-age=300/)
    assert.equal(br.headers.get('Vary'), 'Accept-Encoding')

    const gz = await app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip' } })
    assert.equal(gz.headers.get('Content-Encoding'), 'gzip')
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), WIDGET_SOURCE)

    const plain = await app.request('/widget.js')
    assert.equal(plain.headers.get('Content-Encoding'), null)
    assert.equal(await plain.text(), WIDGET_SOURCE)
  })

  it('answers 304 when the ETag still matches', async () => {
    const first = await app.request('/widget.js')
    const again = await app.request('/widget.js', { headers: { 'If-None-Match': first.headers.get('ETag')! } })
    assert.equal(again.status, 304)
  })

  it('serves content-hashed assets as immutable and 404s unknown ones with a code', async () => {
    const res = await app.request('/assets/agent-ABC123.js')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('Cache-Control')!, /immutable/)
    // The widget's modules load on other sites' pages, and module scripts are fetched with CORS.
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*')
    const missing = await app.request('/assets/agent-XXXX.js')
    assert.equal(missing.status, 404)
    assert.equal((await json(missing)).error.code, 'not_found')
  })

  it('serves the agent page with its CSP, naming the hashed bundles', async () => {
    const res = await app.request('/agent')
    assert.match(res.headers.get('Content-Security-Policy')!, /frame-ancestors 'none'/)
    const html = await res.text()
    assert.ok(html.includes('/assets/agent-ABC123.js') && html.includes('/assets/agent-DEF456.css'))
  })

  it('serves the demo page with the one-line install for its site', async () => {
    const html = await (await app.request('/')).text()
    assert.ok(html.includes('<script src="/widget.js" data-site="shop" async></script>'))
  })

  it('reports health', async () => {
    const res = await app.request('/healthz')
    assert.equal(res.status, 200)
    assert.equal((await json(res)).ok, true)
  })

  it('refuses a wrong password with bad_credentials and no cookie', async () => {
    const res = await login({ login: TEST_AGENT.id, password: 'wrong' })
    assert.equal(res.status, 401)
    assert.equal((await json(res)).error.code, 'bad_credentials')
    assert.equal(res.headers.get('Set-Cookie'), null)
    assert.equal((await login({ login: 'nobody', password: 'x' })).status, 401)
  })

  it('refuses a body that is not JSON, or not JSON-typed', async () => {
    const broken = await login('{"login":')
    assert.equal(broken.status, 400)
    assert.equal((await json(broken)).error.code, 'bad_json')
    const form = await login('login=alice&password=x', 'application/x-www-form-urlencoded')
    assert.equal(form.status, 400)
    const wrongTypes = await login({ login: 1, password: [] })
    assert.equal((await json(wrongTypes)).error.code, 'bad_field')
    const huge = await login({ login: 'x'.repeat(10_000), password: 'y' })
    assert.equal(huge.status, 413)
  })

  it('logs in with an HttpOnly, SameSite=Strict session cookie that /me accepts and logout ends', async () => {
    const res = await login({ login: TEST_AGENT.id, password: TEST_AGENT.password })
    assert.equal(res.status, 200)
    const cookie = res.headers.get('Set-Cookie')!
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Strict/)
    const session = cookie.split(';')[0]!
    const me = await app.request('/agent/api/me', { headers: { Cookie: session } })
    assert.equal((await json(me)).agent.id, TEST_AGENT.id)
    await app.request('/agent/api/logout', { method: 'POST', headers: { Cookie: session } })
    assert.equal((await app.request('/agent/api/me', { headers: { Cookie: session } })).status, 401)
  })
})

describe('pickEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    assert.equal(pickEncoding('gzip, br'), 'br')
    assert.equal(pickEncoding('br;q=0, gzip'), 'gzip')
    assert.equal(pickEncoding('identity'), 'identity')
    assert.equal(pickEncoding(undefined), 'identity')
  })
})


/** Response bodies in these tests are our own JSON shapes; tests read them loosely. */
async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>
}

describe('relay HTTP app: operators', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: Store
  let app: ReturnType<typeof createApp>

  before(() => {
    tmp = tempDir()
    store = openStore(seededDb(tmp.dir))
    const bundles: Bundles = { manifest: { widgetScripts: {}, widgetParts: {}, agentScript: 'a.js', agentStyle: 'a.css' }, widget: makeAsset('text/javascript', ''), hashed: new Map() }
    app = createApp({ store, hub: createHub(), auth: createAgentAuth(store), bundles, demoSite: 'shop', log: () => {} })
  })
  after(() => {
    store.close()
    tmp.remove()
  })

  const post = (path: string, body: unknown, cookie = '', method = 'POST') =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(body) })

  async function session(): Promise<string> {
    const res = await post('/agent/api/login', { login: TEST_AGENT.id, password: TEST_AGENT.password })
    return res.headers.get('Set-Cookie')!.split(';')[0]!
  }

  it('locks a login after repeated wrong passwords, with a Retry-After', async () => {
    for (let i = 0; i < LOGIN_LIMIT.perLogin; i++) assert.equal((await post('/agent/api/login', { login: 'mallory', password: `guess${i}` })).status, 401)
    const locked = await post('/agent/api/login', { login: 'mallory', password: 'guess' })
    assert.equal(locked.status, 429)
    assert.equal((await json(locked)).error.code, 'rate_limited')
    assert.ok(Number(locked.headers.get('Retry-After')) > 0)
  })

  it('manages canned answers for signed-in operators only', async () => {
    assert.equal((await app.request('/agent/api/canned')).status, 401)
    const cookie = await session()
    const created = await post('/agent/api/canned', { shortcut: 'hi', text: 'Hello! How can I help?' }, cookie)
    assert.equal(created.status, 201)
    const { canned } = await json(created)
    assert.equal((await json(await post('/agent/api/canned', { shortcut: 'hi', text: 'again' }, cookie))).error.code, 'bad_field')
    assert.equal((await post('/agent/api/canned', { shortcut: 'bad shortcut!', text: 'x' }, cookie)).status, 400)
    assert.equal((await post(`/agent/api/canned/${canned.id}`, { shortcut: 'hello', text: 'Hi there' }, cookie, 'PUT')).status, 200)
    const listed = await json(await app.request('/agent/api/canned', { headers: { Cookie: cookie } }))
    assert.deepEqual(listed.canned, [{ id: canned.id, shortcut: 'hello', text: 'Hi there' }])
    assert.equal((await app.request(`/agent/api/canned/${canned.id}`, { method: 'DELETE', headers: { Cookie: cookie } })).status, 200)
    assert.equal((await app.request(`/agent/api/canned/${canned.id}`, { method: 'DELETE', headers: { Cookie: cookie } })).status, 404)
  })

  it('refuses state-changing requests from another site (CSRF), and changes nothing', async () => {
    const cookie = await session()
    const from = (headers: Record<string, string>) =>
      app.request('/agent/api/canned', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body: JSON.stringify({ shortcut: 'csrf', text: 'planted' }) })
    const foreign: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site', Origin: 'https://sub.localhost' }, { Origin: 'null' }]
    for (const headers of foreign) {
      const refused = await from(headers)
      assert.equal(refused.status, 403, JSON.stringify(headers))
      assert.equal((await json(refused)).error.code, 'forbidden')
    }
    const login = await app.request('/agent/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ login: TEST_AGENT.id, password: TEST_AGENT.password }),
    })
    assert.equal(login.status, 403) // no logging a victim's browser into the attacker's account either
    assert.equal(login.headers.get('Set-Cookie'), null)
    assert.equal(store.canned.byShortcut('csrf'), undefined)
    // The agent page itself: same origin.
    assert.equal((await from({ Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' })).status, 201)
  })

  it('reports ratings per operator who handled the conversation, with recent comments', async () => {
    store.visitors.add({ id: 'v1', siteId: 'shop', tokenHash: 'h1' })
    store.conversations.create({ id: 'c1', siteId: 'shop', visitorId: 'v1', epoch: 'e' })
    store.handovers.addHandler('c1', TEST_AGENT.id)
    store.conversations.close('c1')
    store.ratings.add('c1', { score: 4, comment: 'Quick and kind' })
    const cookie = await session()
    const body = await json(await app.request('/agent/api/ratings', { headers: { Cookie: cookie } }))
    assert.deepEqual(body.operators, [{ agentId: TEST_AGENT.id, name: TEST_AGENT.name, count: 1, average: 4 }])
    assert.deepEqual(body.comments.map((c: { comment: string; agents: string[] }) => [c.comment, c.agents]), [['Quick and kind', [TEST_AGENT.name]]])

    // An operator of another site sees none of it; one of this site sees it all.
    for (const [id, sites, expected] of [['zed', ['elsewhere'], 0], ['sam', ['shop'], 1]] as const) {
      store.agents.add({ id, name: id, passwordHash: hashPassword('their password'), skills: [], capacity: 4, role: 'agent', sites: [...sites] })
      const res = await post('/agent/api/login', { login: id, password: 'their password' })
      const theirs = await json(await app.request('/agent/api/ratings', { headers: { Cookie: res.headers.get('Set-Cookie')!.split(';')[0]! } }))
      assert.equal(theirs.operators.length, expected, id)
      assert.equal(theirs.comments.length, expected, id)
    }
  })
})
