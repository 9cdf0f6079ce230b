/**
 * @module relay/origins — where a browser request may come from: the relay's own pages (the agent
 * page), or for a visitor's requests, the pages a site lists.
 */
import { RelayError } from './errors.js'

/** True when `origin` (an Origin header) names the same host as the request went to. */
export function isOriginOfHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host
  } catch {
    return false // "null" and other opaque origins
  }
}

/**
 * Whether a state-changing request may come from where the browser says it does. Browsers send
 * `Sec-Fetch-Site` and `Origin` with every cross-site POST; only our own page may change things.
 * A request with neither is not from a browser (curl, a script), so it cannot ride an
 * operator's cookie by itself: it is let through to the usual login checks.
 */
export function isSameSiteRequest(headers: { origin?: string | undefined; fetchSite?: string | undefined }, host: string): boolean {
  if (headers.fetchSite && headers.fetchSite !== 'same-origin' && headers.fetchSite !== 'none') return false
  return headers.origin === undefined || isOriginOfHost(headers.origin, host)
}

/**
 * Refuses a visitor's request from a page the site does not list. A site that lists its origins
 * accepts pages from those only; an empty list accepts any. `origin` is the request's Origin
 * header (undefined for non-browser clients, which a site with a list refuses too).
 */
export function checkSiteOrigin(site: { id: string; origins: readonly string[] }, origin: string | undefined): void {
  if (site.origins.length > 0 && !(origin && site.origins.includes(origin))) {
    throw new RelayError('forbidden', `origin ${origin ?? '(none)'} is not allowed for site "${site.id}"; allow it with: parley site add … --origin ${origin ?? '<origin>'}`)
  }
}
