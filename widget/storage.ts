/**
 * @module widget/storage — the visitor token on this device. localStorage can be missing or
 * throw (privacy modes, sandboxed frames); then the token lives only as long as the page.
 */
const key = (site: string) => `parley:${site}:token`

export function loadToken(site: string): string | undefined {
  try {
    return localStorage.getItem(key(site)) ?? undefined
  } catch {
    return undefined
  }
}

export function saveToken(site: string, token: string): void {
  try {
    localStorage.setItem(key(site), token)
  } catch {
    // Not persisted: the conversation still works for this page's lifetime.
  }
}

export function forgetToken(site: string): void {
  try {
    localStorage.removeItem(key(site))
  } catch {
    // Nothing stored, nothing to forget.
  }
}
