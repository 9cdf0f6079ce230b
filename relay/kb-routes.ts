/**
 * @module relay/kb-routes — the knowledge base over HTTP (issue 8). For the widget, per site and
 * from the site's allowed origins only, like the rest of /v1: `GET /v1/kb/search` (a handful of
 * tiny suggestions, asked on every pause in typing) and `GET /v1/kb/articles/<id>`. For operators,
 * under /agent/api/kb: search or list the articles of the sites they serve, read one, see how
 * self-service went (/stats: deflections, and each article's answers), and, for supervisors, add,
 * change and remove articles.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { getCookie } from 'hono/cookie'
import { cors } from 'hono/cors'
import {
  KB_AGENT_PATH,
  KB_ARTICLES_PATH,
  KB_MAX_REQUEST_BYTES,
  KB_MAX_RESULTS,
  KB_MAX_SUGGESTIONS,
  KB_SEARCH_PATH,
  parseKbArticle,
  parseKbQuery,
  parseKbSite,
  parseKbStatsQuery,
  type KbArticleResponse,
  type KbHitsResponse,
  type KbSearchResponse,
  type KbStatsResponse,
} from '../protocol/index.js'
import { SESSION_COOKIE, type AgentAuth } from './agent-auth.js'
import { RelayError, valid } from './errors.js'
import { readJson } from './json-body.js'
import { checkSiteOrigin } from './origins.js'
import { servesSite } from './routing.js'
import type { Agent, Site, Store } from './store/index.js'

/** Whether a request is for the operators' KB API (app.ts leaves its body limit to this module). */
export const isKbAgentPath = (path: string): boolean => path === KB_AGENT_PATH || path.startsWith(`${KB_AGENT_PATH}/`)

/**
 * Articles are public help texts, so browsers may cache them briefly (per origin: the CORS answer
 * varies by it). A visitor who types, deletes and retypes a word asks the relay once.
 */
const CACHE_SEARCH = 'public, max-age=60'
const CACHE_ARTICLE = 'public, max-age=300'

export function createKbRoutes({ store, auth }: { store: Store; auth: AgentAuth }): { widget: Hono; operators: Hono } {
  const widget = new Hono()
  // Pages on any origin may ask; whether this site accepts that origin is decided per request.
  widget.use('/v1/kb/*', cors({ origin: (origin) => origin, allowMethods: ['GET'], maxAge: 600 }))

  /** The site a widget request names, when the page it comes from may use it. */
  const visitorSite = (c: Context): Site => {
    const { site: id } = valid(parseKbSite(c.req.query()))
    const site = store.sites.get(id)
    if (!site) throw new RelayError('unknown_site', `no site "${id}" on this relay`)
    checkSiteOrigin(site, c.req.header('Origin'))
    return site
  }

  widget.get(KB_SEARCH_PATH, (c) => {
    const site = visitorSite(c)
    const { q, lang } = valid(parseKbQuery(c.req.query()))
    // Bounded work per keystroke: a capped query, a prepared statement, at most a handful of rows.
    const hits = store.kb.search(site.id, q, { lang, limit: KB_MAX_SUGGESTIONS })
    const body: KbSearchResponse = { articles: hits.map(({ id, title, snippet }) => ({ id, title, snippet })) }
    return c.json(body, 200, { 'Cache-Control': CACHE_SEARCH })
  })

  widget.get(`${KB_ARTICLES_PATH}/:id`, (c) => {
    const site = visitorSite(c)
    const article = store.kb.get(site.id, c.req.param('id'))
    if (!article) throw new RelayError('not_found', `no article "${c.req.param('id')}" on site "${site.id}"`)
    return c.json({ article } satisfies KbArticleResponse, 200, { 'Cache-Control': CACHE_ARTICLE })
  })

  const operators = new Hono()
  operators.use('*', bodyLimit({ maxSize: KB_MAX_REQUEST_BYTES, onError: () => { throw new RelayError('too_large', `request body is larger than ${KB_MAX_REQUEST_BYTES / 1024} KiB`) } }))
  operators.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  const signedIn = (c: Context): Agent => {
    const agent = auth.agentForToken(getCookie(c, SESSION_COOKIE))
    if (!agent) throw new RelayError('unauthorized', 'not logged in')
    return agent
  }
  const supervisor = (c: Context): Agent => {
    const agent = signedIn(c)
    if (agent.role !== 'supervisor') throw new RelayError('forbidden', 'only supervisors change the knowledge base')
    return agent
  }
  /** A site the operator serves. Any other, existing or not, is "not found": nothing leaks. */
  const servedSite = (agent: Agent, id: string): string => {
    if (!servesSite(agent, id) || !store.sites.get(id)) throw new RelayError('not_found', `no site "${id}"`)
    return id
  }
  const siteOf = (c: Context, agent: Agent): string => servedSite(agent, valid(parseKbSite(c.req.query())).site)

  operators.get('/', (c) => {
    const agent = signedIn(c)
    // No q (or a blank one) lists; the listing is how a supervisor sees what there is to manage.
    const { q, lang, site } = valid(parseKbQuery({ q: '', ...c.req.query() }))
    const sites = site !== undefined ? servedSite(agent, site) : agent.sites.length > 0 ? agent.sites : null
    const articles = q.trim() === '' ? store.kb.list(sites, { lang }) : store.kb.search(sites, q, { lang, limit: KB_MAX_RESULTS })
    return c.json({ articles } satisfies KbHitsResponse)
  })

  // Before '/:id', which would take "stats" for an article id.
  operators.get('/stats', (c) => {
    const agent = signedIn(c)
    const { site } = valid(parseKbStatsQuery(c.req.query()))
    if (site === undefined && agent.role !== 'supervisor') throw new RelayError('bad_field', 'site is required; only supervisors see every site they serve at once')
    const sites = site !== undefined ? servedSite(agent, site) : agent.sites.length > 0 ? agent.sites : null
    return c.json(store.kbUse.stats(sites) satisfies KbStatsResponse)
  })

  operators.get('/:id', (c) => {
    const site = siteOf(c, signedIn(c))
    const article = store.kb.get(site, c.req.param('id'))
    if (!article) throw new RelayError('not_found', `no article "${c.req.param('id')}" on site "${site}"`)
    return c.json({ article } satisfies KbArticleResponse)
  })

  operators.post('/', async (c) => {
    const agent = supervisor(c)
    const body = await readJson(c)
    const site = servedSite(agent, valid(parseKbSite(body)).site)
    const input = valid(parseKbArticle(body))
    if (input.id !== undefined && store.kb.get(site, input.id)) throw new RelayError('bad_field', `site "${site}" already has an article "${input.id}"`)
    const clash = store.kb.idByTitle(site, input.title)
    if (clash !== undefined) throw new RelayError('bad_field', `article "${clash}" of site "${site}" already has the title "${input.title}"`)
    return c.json({ article: store.kb.add(site, input) } satisfies KbArticleResponse, 201)
  })

  operators.put('/:id', async (c) => {
    const agent = supervisor(c)
    const id = c.req.param('id')
    const site = siteOf(c, agent)
    const { id: renamed, ...input } = valid(parseKbArticle(await readJson(c)))
    if (renamed !== undefined && renamed !== id) throw new RelayError('bad_field', 'an article keeps its id; add a new one instead')
    if (!store.kb.get(site, id)) throw new RelayError('not_found', `no article "${id}" on site "${site}"`)
    const clash = store.kb.idByTitle(site, input.title)
    if (clash !== undefined && clash !== id) throw new RelayError('bad_field', `article "${clash}" of site "${site}" already has the title "${input.title}"`)
    return c.json({ article: store.kb.update(site, id, input)! } satisfies KbArticleResponse)
  })

  operators.delete('/:id', (c) => {
    const site = siteOf(c, supervisor(c))
    if (!store.kb.remove(site, c.req.param('id'))) throw new RelayError('not_found', `no article "${c.req.param('id')}" on site "${site}"`)
    return c.json({ ok: true })
  })

  return { widget, operators }
}
