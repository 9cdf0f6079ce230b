/** @module relay/store/sites — the sites a relay serves (what `data-site` names). */
import type { Db } from './database.js'
import type { OutsideCommits } from './outside-commits.js'

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

export function createSiteStore(db: Db, outside: OutsideCommits) {
  const insert = db.prepare('INSERT INTO sites (id, secret, origins, created_at) VALUES (?, ?, ?, ?)')
  const all = db.prepare<[], SiteRow>('SELECT * FROM sites ORDER BY id')
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sites')

  // A site is read for every visitor hello, and a long-polling page says hello with every request;
  // sites change a few times a year. Kept in memory, read again after another connection's commit.
  let known = new Map<string, Site>()
  let knownVersion = -1
  function sites(): Map<string, Site> {
    const version = outside.version()
    if (version !== knownVersion) {
      known = new Map(all.all().map((row) => [row.id, toSite(row)]))
      knownVersion = version
    }
    return known
  }

  return {
    add(site: { id: string; secret: string; origins: string[] }, now = Date.now()): Site {
      insert.run(site.id, site.secret, JSON.stringify(site.origins), now)
      knownVersion = -1
      return { ...site, createdAt: now }
    },
    get: (id: string): Site | undefined => sites().get(id),
    list: (): Site[] => all.all().map(toSite),
    count: (): number => count.get()!.n,
  }
}
