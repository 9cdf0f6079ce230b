/**
 * @module relay/store/api-tokens — the REST API's bearer tokens, one site each. Only a token's
 * SHA-256 is stored (a copied database holds no usable credential); the token itself is shown
 * once, by `parley token add`. Revoked tokens stay listed, so it is clear what was cut off.
 */
import { nanoid } from 'nanoid'
import type { Db } from './database.js'

export interface ApiToken {
  id: string
  siteId: string
  name: string
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

interface TokenRow {
  id: string
  site_id: string
  name: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

const toToken = (row: TokenRow): ApiToken => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
})

/** `last_used_at` is written at most this often per token: a busy integration costs no write per request. */
const USE_RESOLUTION_MS = 60_000

const COLUMNS = 'id, site_id, name, created_at, last_used_at, revoked_at'

export function createApiTokenStore(db: Db) {
  const insert = db.prepare('INSERT INTO api_tokens (id, site_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
  const byHash = db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`)
  const byId = db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`)
  const all = db.prepare<[], TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY site_id, created_at, id`)
  const ofSite = db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE site_id = ? ORDER BY created_at, id`)
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  const used = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)')

  return {
    /** Stores a new token of `siteId` by its hash (relay/secrets.ts `hashToken`). */
    add(token: { siteId: string; name: string; tokenHash: string }, now = Date.now()): ApiToken {
      const id = `tok_${nanoid(12)}`
      insert.run(id, token.siteId, token.name, token.tokenHash, now)
      return toToken(byId.get(id)!)
    },
    get(id: string): ApiToken | undefined {
      const row = byId.get(id)
      return row && toToken(row)
    },
    list: (site?: string): ApiToken[] => (site === undefined ? all.all() : ofSite.all(site)).map(toToken),
    /** The live (not revoked) token with this hash, marked as used now; undefined when there is none. */
    use(tokenHash: string, now = Date.now()): ApiToken | undefined {
      const row = byHash.get(tokenHash)
      if (!row) return undefined
      used.run(now, row.id, now - USE_RESOLUTION_MS)
      return toToken(row)
    },
    /** Ends the token at once; false when there is no such token or it was revoked before. */
    revoke: (id: string, now = Date.now()): boolean => revoke.run(now, id).changes === 1,
  }
}

export type ApiTokenStore = ReturnType<typeof createApiTokenStore>
