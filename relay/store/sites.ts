/** @module relay/store/sites — the sites a relay serves (what `data-site` names). */
import type { Db } from './database.js'

export interface Site {
  id: string
  secret: string
  origins: string[]
  createdAt: number
}

interface SiteRow {
  id: string
  secret: string
  origins: string
  created_at: number
}

const toSite = (row: SiteRow): Site => ({
  id: row.id,
  secret: row.secret,
  origins: JSON.parse(row.origins) as string[],
  createdAt: row.created_at,
})

export function createSiteStore(db: Db) {
  const insert = db.prepare('INSERT INTO sites (id, secret, origins, created_at) VALUES (?, ?, ?, ?)')
  const byId = db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?')
  const all = db.prepare<[], SiteRow>('SELECT * FROM sites ORDER BY id')
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sites')

  return {
    add(site: { id: string; secret: string; origins: string[] }, now = Date.now()): Site {
      insert.run(site.id, site.secret, JSON.stringify(site.origins), now)
      return { ...site, createdAt: now }
    },
    get(id: string): Site | undefined {
      const row = byId.get(id)
      return row && toSite(row)
    },
    list: (): Site[] => all.all().map(toSite),
    count: (): number => count.get()!.n,
  }
}
