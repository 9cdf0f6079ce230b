/**
 * @module relay/api-auth — `Authorization: Bearer <token>` for the REST API: the one check every
 * API route goes through, and the site the token acts for. A missing, unknown or revoked token is
 * 401 with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3); the body says which, never
 * whether a token exists for some other site.
 */
import type { MiddlewareHandler } from 'hono'
import type { ErrorBody } from '../protocol/index.js'
import { hashToken } from './secrets.js'
import type { Store } from './store/index.js'

/** What an authenticated request carries on to its route (`c.get('site')`). */
export interface ApiAuthVariables {
  site: string
  tokenId: string
}

const REALM = 'Bearer realm="parley"'

/** RFC 6750 §2.1: the scheme is case-insensitive; the token is base64url-ish, so no spaces in it. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i

export function requireApiToken(store: Store): MiddlewareHandler<{ Variables: ApiAuthVariables }> {
  return async (c, next) => {
    const header = c.req.header('Authorization')
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1]
    const found = token === undefined ? undefined : store.apiTokens.use(hashToken(token))
    if (!found) {
      // No credentials: only the challenge (§3.1); wrong ones: say the token is not valid.
      const challenge = header === undefined ? REALM : `${REALM}, error="invalid_token"`
      const message = header === undefined ? 'send Authorization: Bearer <token> (parley token add <site>)' : 'the token is unknown or revoked'
      return c.json({ error: { code: 'unauthorized', message } } satisfies ErrorBody, 401, { 'WWW-Authenticate': challenge, 'Cache-Control': 'no-store' })
    }
    c.set('site', found.siteId)
    c.set('tokenId', found.id)
    await next()
  }
}
