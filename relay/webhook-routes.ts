/**
 * @module relay/webhook-routes — `GET /agent/api/webhooks`: a supervisor sees the webhook
 * endpoints of the sites they serve, how many deliveries are pending, delivered and given up,
 * and the recent failures (status, error, tries, next try). Secrets are never shown.
 */
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import type { WebhooksReport } from '../protocol/index.js'
import { SESSION_COOKIE, type AgentAuth } from './agent-auth.js'
import { RelayError } from './errors.js'
import type { Store } from './store/index.js'

export function createWebhookRoutes({ store, auth }: { store: Store; auth: AgentAuth }): Hono {
  const routes = new Hono()
  routes.get('/', (c) => {
    const agent = auth.agentForToken(getCookie(c, SESSION_COOKIE))
    if (!agent) throw new RelayError('unauthorized', 'not logged in')
    if (agent.role !== 'supervisor') throw new RelayError('forbidden', 'webhook deliveries are shown to supervisors only')
    return c.json({ endpoints: store.webhooks.report(agent.sites) } satisfies WebhooksReport)
  })
  return routes
}
