/**
 * @module relay/app — the Hono app: static bundles, the two pages, operator login, health.
 * WebSockets are not here: they are handled on the same HTTP server in relay/sockets.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AgentAuth } from './agent-auth.js'
import { createAttempts } from './attempts.js'
import { SESSION_COOKIE, SESSION_TTL_MS } from './agent-auth.js'
import { CACHE, makeAsset, pickEncoding, type Asset, type Bundles } from './assets.js'
import { RelayError, toHttpError } from './errors.js'
import type { Hub } from './hub.js'
import { readJson } from './json-body.js'
import { createKbRoutes, isKbAgentPath } from './kb-routes.js'
import { isSameSiteRequest } from './origins.js'
import { agentPage, demoPage } from './pages.js'
import type { Agent, Store } from './store/index.js'
import { createWebhookRoutes } from './webhook-routes.js'
import { MAX_TEXT_LENGTH } from '../protocol/index.js'

export interface AppOptions {
  store: Store
  hub: Hub
  auth: AgentAuth
  bundles: Bundles
  /** The site the demo page at / embeds. */
  demoSite: string
  /** Further route groups mounted at / (long-polling lives in its own module). */
  routes?: Hono[]
  log?: (...args: unknown[]) => void
}

// The agent page loads only its own files and talks only to its own relay.
const AGENT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

function sendAsset(c: Context, asset: Asset, cacheControl: string): Response {
  const headers: Record<string, string> = {
    'Content-Type': asset.type,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
  }
  if (c.req.header('If-None-Match') === asset.etag) return new Response(null, { status: 304, headers })
  const encoding = pickEncoding(c.req.header('Accept-Encoding'))
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding
  const body = encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.identity
  headers['Content-Length'] = String(body.length)
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
}

/** A canned answer from a request body: a short shortcut (typed after "/") and its text. */
function readCanned(body: Record<string, unknown>): { shortcut: string; text: string } {
  const { shortcut, text } = body
  if (typeof shortcut !== 'string' || !/^[\p{L}\p{N}_-]{1,32}$/u.test(shortcut)) {
    throw new RelayError('bad_field', 'shortcut must be 1 to 32 letters, digits, dashes or underscores')
  }
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
    throw new RelayError('bad_field', `text must be 1 to ${MAX_TEXT_LENGTH} characters`)
  }
  return { shortcut, text }
}

/** The peer address of the request (behind a proxy, the proxy's: good enough to slow guessing). */
function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

export const LOGIN_LIMIT = { perLogin: 5, perAddress: 20, windowMs: 15 * 60_000 }

export function createApp({ store, hub, auth, bundles, demoSite, routes = [], log = console.error }: AppOptions) {
  const app = new Hono()
  const byLogin = createAttempts({ limit: LOGIN_LIMIT.perLogin, windowMs: LOGIN_LIMIT.windowMs })
  const byAddress = createAttempts({ limit: LOGIN_LIMIT.perAddress, windowMs: LOGIN_LIMIT.windowMs })
  const demo = makeAsset('text/html; charset=utf-8', demoPage(demoSite))
  const agentHtml = makeAsset('text/html; charset=utf-8', agentPage(bundles.manifest))

  app.onError((err, c) => {
    const { status, body } = toHttpError(err, log)
    // The rest of an oversized body is still on its way: end the connection rather than
    // leave a keep-alive socket that the next request would find out of step.
    if (status === 413) c.header('Connection', 'close')
    return c.json(body, status as 400)
  })
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `nothing at ${c.req.path}` } }, 404))

  app.get('/', (c) => sendAsset(c, demo, CACHE.revalidate))

  app.get('/widget.js', (c) => {
    const res = sendAsset(c, bundles.widget, CACHE.short)
    // Site owners' pages load this cross-origin; allow it even under Cross-Origin-Embedder-Policy.
    res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin')
    return res
  })

  app.get('/assets/:name', (c) => {
    const asset = bundles.hashed.get(c.req.param('name'))
    if (!asset) throw new RelayError('not_found', `no asset ${c.req.param('name')}`)
    const res = sendAsset(c, asset, CACHE.immutable)
    // The widget bundle is fetched by the loader on site owners' pages, from their origin, and
    // the parts it imports later are fetched with CORS, as every module is. Nothing here is private.
    res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin')
    res.headers.set('Access-Control-Allow-Origin', '*')
    return res
  })

  app.get('/agent', (c) => {
    const res = sendAsset(c, agentHtml, CACHE.revalidate)
    res.headers.set('Content-Security-Policy', AGENT_CSP)
    res.headers.set('X-Frame-Options', 'DENY')
    return res
  })

  app.get('/healthz', (c) => {
    store.ping()
    return c.json({ ok: true, ...hub.counts() })
  })

  const api = new Hono()
  // CSRF: besides SameSite=Strict cookies and JSON-only bodies, no other site may change anything.
  api.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const headers = { origin: c.req.header('Origin'), fetchSite: c.req.header('Sec-Fetch-Site') }
    if (!isSameSiteRequest(headers, new URL(c.req.url).host)) throw new RelayError('forbidden', 'cross-site request refused: the agent API only takes requests from the agent page')
    return next()
  })
  const smallBody = bodyLimit({ maxSize: 4 * 1024, onError: () => { throw new RelayError('too_large', 'request body is larger than 4 KiB') } })
  // Knowledge-base articles are longer; relay/kb-routes gives those requests a limit of their own.
  api.use('*', (c, next) => (isKbAgentPath(c.req.path) ? next() : smallBody(c, next)))

  api.post('/login', async (c) => {
    const body = await readJson(c)
    if (typeof body.login !== 'string' || typeof body.password !== 'string') {
      throw new RelayError('bad_field', 'login and password must be strings')
    }
    // Both the login and the address are limited: guessing one password, or many logins, gets slow.
    const login = body.login.toLowerCase()
    const address = clientAddress(c)
    const wait = Math.max(byLogin.retryAfterMs(login), byAddress.retryAfterMs(address))
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000)
      return c.json({ error: { code: 'rate_limited', message: `too many failed logins; try again in ${seconds} s` } }, 429, { 'Retry-After': String(seconds) })
    }
    let session: ReturnType<AgentAuth['login']>
    try {
      session = auth.login(body.login, body.password)
    } catch (err) {
      byLogin.fail(login)
      byAddress.fail(address)
      throw err
    }
    byLogin.succeed(login)
    const { token, agent } = session
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:' || c.req.header('X-Forwarded-Proto') === 'https',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    })
    return c.json({ agent: { id: agent.id, name: agent.name } })
  })

  api.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE)
    if (token) auth.logout(token)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.json({ ok: true })
  })

  const signedIn = (c: Context): Agent => {
    const agent = auth.agentForToken(getCookie(c, SESSION_COOKIE))
    if (!agent) throw new RelayError('unauthorized', 'not logged in')
    return agent
  }

  api.get('/me', (c) => {
    const agent = signedIn(c)
    return c.json({ agent: { id: agent.id, name: agent.name, role: agent.role, skills: agent.skills, capacity: agent.capacity } })
  })

  api.get('/canned', (c) => {
    signedIn(c)
    return c.json({ canned: store.canned.list() })
  })
  api.post('/canned', async (c) => {
    const agent = signedIn(c)
    const answer = readCanned(await readJson(c))
    if (store.canned.byShortcut(answer.shortcut)) throw new RelayError('bad_field', `a canned answer /${answer.shortcut} already exists`)
    return c.json({ canned: store.canned.add(answer, agent.id) }, 201)
  })
  api.put('/canned/:id', async (c) => {
    signedIn(c)
    const id = Number(c.req.param('id'))
    const answer = readCanned(await readJson(c))
    const clash = store.canned.byShortcut(answer.shortcut)
    if (clash && clash.id !== id) throw new RelayError('bad_field', `a canned answer /${answer.shortcut} already exists`)
    if (!store.canned.update(id, answer)) throw new RelayError('not_found', `no canned answer ${c.req.param('id')}`)
    return c.json({ canned: { id, ...answer } })
  })
  api.delete('/canned/:id', (c) => {
    signedIn(c)
    if (!store.canned.remove(Number(c.req.param('id')))) throw new RelayError('not_found', `no canned answer ${c.req.param('id')}`)
    return c.json({ ok: true })
  })

  api.get('/ratings', (c) => {
    const agent = signedIn(c)
    // Only the sites this operator serves: one shop's ratings are not another's business.
    return c.json({ operators: store.ratings.perOperator(agent.sites), comments: store.ratings.recentComments(10, agent.sites) })
  })

  api.route('/webhooks', createWebhookRoutes({ store, auth }))
  const kb = createKbRoutes({ store, auth })
  api.route('/kb', kb.operators)
  app.route('/agent/api', api)
  app.route('/', kb.widget)
  for (const group of routes) app.route('/', group)
  return app
}
