/** @module relay/store/visitors — anonymous visitors, what the page told us about them, and where they are. */
import type { Context, Identity, Page } from '../../protocol/index.js'
import type { Db } from './database.js'

export interface Visitor {
  id: string
  siteId: string
  identity: Identity
  context: Context
  page: Page | null
  createdAt: number
  lastSeenAt: number
}

interface VisitorRow {
  id: string
  site_id: string
  external_id: string | null
  name: string | null
  email: string | null
  verified: number
  context: string
  page_url: string | null
  page_title: string | null
  created_at: number
  last_seen_at: number
}

function toVisitor(row: VisitorRow): Visitor {
  const identity: Identity = { verified: row.verified === 1 }
  if (row.external_id !== null) identity.id = row.external_id
  if (row.name !== null) identity.name = row.name
  if (row.email !== null) identity.email = row.email
  let page: Page | null = null
  if (row.page_url !== null) page = row.page_title === null ? { url: row.page_url } : { url: row.page_url, title: row.page_title }
  return {
    id: row.id,
    siteId: row.site_id,
    identity,
    context: JSON.parse(row.context) as Context,
    page,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  }
}

export function createVisitorStore(db: Db) {
  const insert = db.prepare('INSERT INTO visitors (id, site_id, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
  const byId = db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?')
  const byToken = db.prepare<[string, string], VisitorRow>('SELECT * FROM visitors WHERE token_hash = ? AND site_id = ?')
  const setIdentity = db.prepare('UPDATE visitors SET external_id = ?, name = ?, email = ?, verified = ? WHERE id = ?')
  const setContext = db.prepare('UPDATE visitors SET context = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM visitors WHERE id = ?')
  const removeIdle = db.prepare('DELETE FROM visitors WHERE last_seen_at < ? AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = visitors.id)')
  // What an operator can read off the agent page: the start of the id ("Visitor 3fA9kq") or the
  // site's own user id from identify. substr, not LIKE: nanoid ids contain "_", a LIKE wildcard.
  const resembling = db.prepare<[string, string, string, number], VisitorRow>(
    'SELECT * FROM visitors WHERE substr(id, 1, length(?)) = ? OR external_id = ? ORDER BY last_seen_at DESC LIMIT ?',
  )
  const sameVerified = db.prepare<[string, string], { id: string }>('SELECT id FROM visitors WHERE site_id = ? AND external_id = ? AND verified = 1')
  const seen = db.prepare('UPDATE visitors SET last_seen_at = ?, page_url = coalesce(?, page_url), page_title = CASE WHEN ? IS NULL THEN page_title ELSE ? END WHERE id = ?')

  return {
    add(visitor: { id: string; siteId: string; tokenHash: string }, now = Date.now()): Visitor {
      insert.run(visitor.id, visitor.siteId, visitor.tokenHash, now, now)
      return toVisitor(byId.get(visitor.id)!)
    },
    get(id: string): Visitor | undefined {
      const row = byId.get(id)
      return row && toVisitor(row)
    },
    /** Tokens are bound to their site: a token minted for one site finds nothing on another. */
    byToken(tokenHash: string, siteId: string): Visitor | undefined {
      const row = byToken.get(tokenHash, siteId)
      return row && toVisitor(row)
    },
    setIdentity(id: string, identity: Identity): void {
      setIdentity.run(identity.id ?? null, identity.name ?? null, identity.email ?? null, identity.verified ? 1 : 0, id)
    },
    /** Shallow merge, so a later `context` call adds and overwrites keys but never drops them. */
    mergeContext: db.transaction((id: string, patch: Context): Context => {
      const row = byId.get(id)
      if (!row) throw new Error(`no visitor ${id}`)
      const merged = { ...(JSON.parse(row.context) as Context), ...patch }
      setContext.run(JSON.stringify(merged), id)
      return merged
    }),
    /**
     * The visitor and every other visitor of the site verified as the same person (identify with
     * a valid hash): one customer on several devices. Unverified, a visitor is only themselves.
     */
    sameVerifiedPerson(visitor: Visitor): string[] {
      if (!visitor.identity.verified || visitor.identity.id === undefined) return [visitor.id]
      const ids = sameVerified.all(visitor.siteId, visitor.identity.id).map((row) => row.id)
      return ids.includes(visitor.id) ? ids : [visitor.id, ...ids]
    },
    /** Visitors whose id starts with `hint` or whose identify id is `hint`, most recently seen first. */
    resembling: (hint: string, limit = 5): Visitor[] => resembling.all(hint, hint, hint, limit).map(toVisitor),
    /** Deletes the visitor row; their conversations must be gone first. */
    remove: (id: string): boolean => remove.run(id).changes === 1,
    /** Deletes visitors last seen before `cutoff` who have no conversation left; returns how many. */
    removeIdle: (cutoff: number): number => removeIdle.run(cutoff).changes,
    /** Records that the visitor is here now, and on which page when the client said. */
    touch(id: string, page: Page | undefined, now = Date.now()): void {
      const title = page ? (page.title ?? '') : null
      seen.run(now, page?.url ?? null, title, title, id)
    },
  }
}
