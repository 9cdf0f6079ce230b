/** @module relay/agent/api — the agent page's HTTP calls: session, canned answers, ratings, the knowledge base, webhook deliveries. Failures throw with the relay's own message. */

export interface Agent {
  id: string
  name: string
  /** Known from /me; the login answer carries only id and name. */
  role?: string
  skills?: string[]
  capacity?: number
}

import {
  KB_AGENT_PATH,
  KB_STATS_PATH,
  type CannedAnswer,
  type KbArticle,
  type KbArticleInput,
  type KbArticleResponse,
  type KbHit,
  type KbHitsResponse,
  type KbStatsResponse,
  type OperatorRatings,
  type RecentComment,
  type WebhookEndpointReport,
  type WebhookFailure,
  type WebhooksReport,
} from '../../protocol/index.js'

export type { CannedAnswer, KbArticle, KbArticleInput, KbHit, KbStatsResponse, OperatorRatings, RecentComment, WebhookEndpointReport, WebhookFailure }

export type LoginResult = { ok: true; agent: Agent } | { ok: false; message: string }

/** The relay answers errors as {error:{code,message}}; anything else falls back to the status. */
async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } }
    if (typeof body.error?.message === 'string') return body.error.message
  } catch {
    // not JSON: a proxy's error page, say
  }
  return `The relay answered ${res.status}.`
}

function send(method: 'POST' | 'PUT', path: string, body: object): Promise<Response> {
  // The relay accepts only JSON bodies, which also keeps cross-site form posts out.
  return fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}

const UNREACHABLE = 'Could not reach the relay. Check the connection and try again.'

/** The body of a successful answer, or an Error carrying the relay's message. */
async function expectOk<T>(request: Promise<Response>): Promise<T> {
  let res: Response
  try {
    res = await request
  } catch {
    throw new Error(UNREACHABLE)
  }
  if (!res.ok) throw new Error(await errorMessage(res))
  return (await res.json()) as T
}

/** The logged-in operator, or null when the session is missing or expired. Throws when the relay is unreachable. */
export async function fetchMe(): Promise<Agent | null> {
  const res = await fetch('/agent/api/me')
  if (res.status === 401) return null
  if (!res.ok) throw new Error(await errorMessage(res))
  return ((await res.json()) as { agent: Agent }).agent
}

export async function login(name: string, password: string): Promise<LoginResult> {
  try {
    const { agent } = await expectOk<{ agent: Agent }>(send('POST', '/agent/api/login', { login: name, password }))
    return { ok: true, agent }
  } catch (err) {
    return { ok: false, message: (err as Error).message }
  }
}

export async function logout(): Promise<void> {
  await expectOk(send('POST', '/agent/api/logout', {}))
}

export async function fetchCanned(): Promise<CannedAnswer[]> {
  return (await expectOk<{ canned: CannedAnswer[] }>(fetch('/agent/api/canned'))).canned
}

/** Adds a canned answer, or replaces the one with `id`. */
export async function saveCanned(answer: { shortcut: string; text: string }, id?: number): Promise<CannedAnswer> {
  const request = id === undefined ? send('POST', '/agent/api/canned', answer) : send('PUT', `/agent/api/canned/${id}`, answer)
  return (await expectOk<{ canned: CannedAnswer }>(request)).canned
}

export async function deleteCanned(id: number): Promise<void> {
  await expectOk(fetch(`/agent/api/canned/${id}`, { method: 'DELETE' }))
}

export function fetchRatings(): Promise<{ operators: OperatorRatings[]; comments: RecentComment[] }> {
  return expectOk(fetch('/agent/api/ratings'))
}

const articlePath = (site: string, id?: string) =>
  `${KB_AGENT_PATH}${id === undefined ? '' : `/${encodeURIComponent(id)}`}?${new URLSearchParams({ site })}`

/** Articles matching `q` (blank: the listing), of one site or of every site this operator serves. */
export async function searchKb(query: { q: string; site?: string }, signal?: AbortSignal): Promise<KbHit[]> {
  const params = new URLSearchParams({ q: query.q, ...(query.site ? { site: query.site } : {}) })
  return (await expectOk<KbHitsResponse>(fetch(`${KB_AGENT_PATH}?${params}`, { signal }))).articles
}

export async function fetchArticle(site: string, id: string): Promise<KbArticle> {
  return (await expectOk<KbArticleResponse>(fetch(articlePath(site, id)))).article
}

/** Adds an article to `site`, or replaces the one with `id` (supervisors only). */
export async function saveArticle(site: string, input: KbArticleInput, id?: string): Promise<KbArticle> {
  const request = id === undefined ? send('POST', KB_AGENT_PATH, { site, ...input }) : send('PUT', articlePath(site, id), input)
  return (await expectOk<KbArticleResponse>(request)).article
}

export async function deleteArticle(site: string, id: string): Promise<void> {
  await expectOk(fetch(articlePath(site, id), { method: 'DELETE' }))
}

/** The site's deflection counts, or null when this relay does not count them (an older one answers 404). */
export async function fetchKbStats(site: string): Promise<KbStatsResponse | null> {
  let res: Response
  try {
    res = await fetch(`${KB_STATS_PATH}?${new URLSearchParams({ site })}`)
  } catch {
    throw new Error(UNREACHABLE)
  }
  if (res.status === 404) return null
  return expectOk<KbStatsResponse>(Promise.resolve(res))
}

/** The webhook endpoints of the sites this supervisor serves, with delivery counts and recent failures (never secrets). */
export async function fetchWebhooks(): Promise<WebhookEndpointReport[]> {
  return (await expectOk<WebhooksReport>(fetch('/agent/api/webhooks'))).endpoints
}
