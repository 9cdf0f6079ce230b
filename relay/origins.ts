/** @module relay/origins — whether a request comes from the relay's own pages (the agent page). */

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
