/** @module relay/agent/api — the agent page's HTTP calls: session, canned answers, ratings. Failures throw with the relay's own message. */

export interface Agent {
  id: string
  name: string
  /** Known from /me; the login answer carries only id and name. */
  role?: string
  skills?: string[]
  capacity?: number
}

import type { CannedAnswer, OperatorRatings, RecentComment } from '../../protocol/index.js'

export type { CannedAnswer, OperatorRatings, RecentComment }

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

/** The body of a successful answer, or an Error carrying the relay's message. */
async function expectOk<T>(request: Promise<Response>): Promise<T> {
  let res: Response
  try {
    res = await request
  } catch {
    throw new Error('Could not reach the relay. Check the connection and try again.')
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
