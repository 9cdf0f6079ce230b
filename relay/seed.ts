/** @module relay/seed — the demo site and operator `npm start` adds to an empty database. */
import { randomToken, hashPassword } from './secrets.js'
import type { Store } from './store/index.js'

export const DEMO = { site: 'demo', agent: 'demo', password: 'demo' } as const

/** Seeds only a database with no sites and no agents; returns whether it did. */
export function seedDemo(store: Store): boolean {
  if (store.sites.count() > 0 || store.agents.count() > 0) return false
  store.transaction(() => {
    // No origins listed: the demo site accepts any page, which is what a local demo needs.
    store.sites.add({ id: DEMO.site, secret: randomToken(), origins: [] })
    store.agents.add({ id: DEMO.agent, name: 'Demo Operator', passwordHash: hashPassword(DEMO.password), skills: [], capacity: 4, role: 'supervisor' })
  })
  return true
}
