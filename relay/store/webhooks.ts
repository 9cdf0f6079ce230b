/**
 * @module relay/store/webhooks — webhook endpoints per site and the outbox of their deliveries.
 * `record` writes an event's outbox rows inside the caller's transaction, so the event commits
 * with the change it reports or not at all; the delivery loop (relay/webhooks/) sends them.
 */
import { nanoid } from 'nanoid'
import type { AgentRef, Message, WebhookConversation, WebhookData, WebhookEndpointReport, WebhookEvent, WebhookEventType, WebhookFailure, WebhookMessage } from '../../protocol/index.js'
import type { Db } from './database.js'
import type { OutsideCommits } from './outside-commits.js'

export interface WebhookEndpoint {
  id: string
  siteId: string
  url: string
  secret: string
  /** Empty: every event type. */
  events: WebhookEventType[]
  createdAt: number
}

/** A delivery that is due, with where it goes. `payload` is the exact body to sign and send. */
export interface DueDelivery {
  id: number
  eventId: string
  endpointId: string
  type: WebhookEventType
  payload: string
  createdAt: number
  attempts: number
  url: string
  secret: string
}

/** How one try went: `status` null when no response came. */
export interface Outcome {
  status: number | null
  error: string | null
}

interface EndpointRow {
  id: string
  site_id: string
  url: string
  secret: string
  events: string
  created_at: number
}

/** The columns a conversation's webhook shape is read from (relay/store/api-reads extends it). */
export interface WebhookConversationRow {
  id: string
  visitor_id: string
  status: WebhookConversation['status']
  agent_id: string | null
  department: string | null
  priority: number
  contact_email: string | null
  created_at: number
  closed_at: number | null
}

interface ConversationRow extends WebhookConversationRow {
  site_id: string
}

interface FailureRow {
  event_id: string
  type: WebhookEventType
  endpoint_id: string
  attempts: number
  last_status: number | null
  last_error: string | null
  next_attempt_at: number
  failed_at: number | null
  created_at: number
}

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  siteId: row.site_id,
  url: row.url,
  secret: row.secret,
  events: JSON.parse(row.events) as WebhookEventType[],
  createdAt: row.created_at,
})

export const toWebhookConversation = (row: WebhookConversationRow): WebhookConversation => ({
  id: row.id,
  visitorId: row.visitor_id,
  status: row.status,
  agentId: row.agent_id,
  department: row.department,
  priority: row.priority === 1,
  contactEmail: row.contact_email,
  createdAt: row.created_at,
  closedAt: row.closed_at,
})

const toFailure = (row: FailureRow): WebhookFailure => ({
  eventId: row.event_id,
  type: row.type,
  endpointId: row.endpoint_id,
  attempts: row.attempts,
  lastStatus: row.last_status,
  lastError: row.last_error,
  nextAttemptAt: row.failed_at === null ? row.next_attempt_at : null,
  failedAt: row.failed_at,
  createdAt: row.created_at,
})

/** A stored message as a webhook carries it; `agent` is who wrote it, for operators' messages. */
export const webhookMessage = (message: Message, agent: AgentRef | null = null): WebhookMessage => ({
  seq: message.seq,
  cid: message.cid,
  from: message.from,
  agent,
  text: message.text,
  at: message.at,
  event: message.event ?? null,
})

/** What the caller adds to an event: its data, less the conversation that `record` fills in. */
type EventDetails = { [K in WebhookEventType]: Omit<WebhookData[K], 'conversation'> }

/** `sites`: a JSON array of site ids; empty means every site (as for operators). */
const IN_SITES = `(json_array_length(:sites) = 0 OR e.site_id IN (SELECT value FROM json_each(:sites)))`
const PENDING = 'o.delivered_at IS NULL AND o.failed_at IS NULL'
const FAILURES_SHOWN = 20

export function createWebhookStore(db: Db, outside: OutsideCommits) {
  const insertEndpoint = db.prepare('INSERT INTO webhook_endpoints (id, site_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)')
  const endpointById = db.prepare<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ?')
  const allEndpoints = db.prepare<[], EndpointRow>('SELECT * FROM webhook_endpoints ORDER BY site_id, created_at, id')
  const removeEndpoint = db.prepare('DELETE FROM webhook_endpoints WHERE id = ?')
  const conversation = db.prepare<[string], ConversationRow>(
    'SELECT id, site_id, visitor_id, status, agent_id, department, priority, contact_email, created_at, closed_at FROM conversations WHERE id = ?',
  )
  const insertDelivery = db.prepare(
    'INSERT INTO webhook_outbox (event_id, endpoint_id, conversation_id, type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const due = db.prepare<[number, number], DueDelivery>(
    `SELECT o.id, o.event_id AS eventId, o.endpoint_id AS endpointId, o.type, o.payload, o.created_at AS createdAt, o.attempts, e.url, e.secret
     FROM webhook_outbox o JOIN webhook_endpoints e ON e.id = o.endpoint_id
     WHERE ${PENDING} AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?`,
  )
  const delivered = db.prepare(`UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1, last_status = ?, last_error = NULL WHERE id = ?`)
  const retry = db.prepare(`UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ?`)
  const giveUp = db.prepare(`UPDATE webhook_outbox SET attempts = attempts + 1, failed_at = ?, last_status = ?, last_error = ? WHERE id = ?`)
  const prune = db.prepare('DELETE FROM webhook_outbox WHERE delivered_at < ? OR failed_at < ?')
  const removeFor = db.prepare('DELETE FROM webhook_outbox WHERE conversation_id = ?')
  const stats = db.prepare<[{ sites: string }], EndpointRow & { pending: number; delivered: number; failed: number; last_delivered_at: number | null }>(
    `SELECT e.*,
       count(o.id) FILTER (WHERE ${PENDING}) AS pending,
       count(o.delivered_at) AS delivered,
       count(o.failed_at) AS failed,
       max(o.delivered_at) AS last_delivered_at
     FROM webhook_endpoints e LEFT JOIN webhook_outbox o ON o.endpoint_id = e.id
     WHERE ${IN_SITES} GROUP BY e.id ORDER BY e.site_id, e.created_at, e.id`,
  )
  // Failing: given up, or still retrying after at least one failed try. The newest :limit per endpoint.
  const failures = db.prepare<[{ sites: string; limit: number }], FailureRow>(
    `SELECT * FROM (
       SELECT o.event_id, o.type, o.endpoint_id, o.attempts, o.last_status, o.last_error, o.next_attempt_at, o.failed_at, o.created_at,
         row_number() OVER (PARTITION BY o.endpoint_id ORDER BY o.created_at DESC, o.id DESC) AS n
       FROM webhook_outbox o JOIN webhook_endpoints e ON e.id = o.endpoint_id
       WHERE o.delivered_at IS NULL AND (o.failed_at IS NOT NULL OR o.attempts > 0) AND ${IN_SITES})
     WHERE n <= :limit ORDER BY created_at DESC`,
  )

  // The endpoints, per event type, in memory: most events have no subscriber, and finding that
  // out must cost a map lookup, not a query. Reloaded whenever another connection committed.
  let cache: { every: WebhookEndpoint[]; byType: Map<WebhookEventType, WebhookEndpoint[]> } | undefined
  let seenVersion = -1
  const listeners = new Set<() => void>()

  function load(): NonNullable<typeof cache> {
    const every: WebhookEndpoint[] = []
    const byType = new Map<WebhookEventType, WebhookEndpoint[]>()
    for (const endpoint of allEndpoints.all().map(toEndpoint)) {
      if (endpoint.events.length === 0) every.push(endpoint)
      for (const type of endpoint.events) byType.set(type, [...(byType.get(type) ?? []), endpoint])
    }
    return { every, byType }
  }

  /** The endpoints, of any site, that take `type`. */
  function subscribers(type: WebhookEventType): WebhookEndpoint[] {
    const version = outside.version()
    if (!cache || version !== seenVersion) {
      seenVersion = version
      cache = load()
    }
    const some = cache.byType.get(type) ?? []
    return cache.every.length ? [...cache.every, ...some] : some
  }

  return {
    add(endpoint: Omit<WebhookEndpoint, 'id' | 'createdAt'>, now = Date.now()): WebhookEndpoint {
      const added = { id: `wh_${nanoid(12)}`, ...endpoint, createdAt: now }
      insertEndpoint.run(added.id, added.siteId, added.url, added.secret, JSON.stringify(added.events), now)
      cache = undefined
      return added
    },
    get(id: string): WebhookEndpoint | undefined {
      const row = endpointById.get(id)
      return row && toEndpoint(row)
    },
    list: (site?: string): WebhookEndpoint[] => allEndpoints.all().map(toEndpoint).filter((e) => site === undefined || e.siteId === site),
    /** Deletes the endpoint and every delivery queued for it; false when there was none. */
    remove(id: string): boolean {
      cache = undefined
      return removeEndpoint.run(id).changes === 1
    },

    /**
     * Inside the transaction of the change it reports: queues the event for every endpoint of the
     * conversation's site that takes this type. Writes (and builds) nothing when none does.
     */
    record<T extends WebhookEventType>(type: T, conversationId: string, data: () => EventDetails[T], now = Date.now()): void {
      const candidates = subscribers(type)
      if (candidates.length === 0) return
      const row = conversation.get(conversationId)
      const endpoints = row ? candidates.filter((e) => e.siteId === row.site_id) : []
      if (!row || endpoints.length === 0) return
      const event = { id: `evt_${nanoid()}`, type, createdAt: now, site: row.site_id, data: { conversation: toWebhookConversation(row), ...data() } } as WebhookEvent<T>
      const payload = JSON.stringify(event)
      for (const endpoint of endpoints) insertDelivery.run(event.id, endpoint.id, conversationId, type, payload, now, now)
      for (const wake of listeners) wake()
    },
    /** Called (inside the recording transaction) whenever deliveries were queued; returns an unsubscribe. */
    onRecord(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    /** Deliveries due by `now`, oldest due first. */
    due: (now: number, limit: number): DueDelivery[] => due.all(now, limit),
    delivered(id: number, status: number, now = Date.now()): void {
      delivered.run(now, status, id)
    },
    retryAt(id: number, nextAttemptAt: number, outcome: Outcome): void {
      retry.run(nextAttemptAt, outcome.status, outcome.error, id)
    },
    giveUp(id: number, outcome: Outcome, now = Date.now()): void {
      giveUp.run(now, outcome.status, outcome.error, id)
    },
    /** Forgets deliveries done before `deliveredBefore` and given up before `failedBefore`; returns how many. */
    prune: (deliveredBefore: number, failedBefore: number): number => prune.run(deliveredBefore, failedBefore).changes,
    /** Erasure: the queued events about a conversation go with it (they hold its messages). */
    removeFor: (conversationId: string): number => removeFor.run(conversationId).changes,

    /** Endpoints of `sites` (every site when empty) with their delivery counts and recent failures. No secrets. */
    report(sites: readonly string[] = []): WebhookEndpointReport[] {
      const failing = failures.all({ sites: JSON.stringify(sites), limit: FAILURES_SHOWN }).map(toFailure)
      return stats.all({ sites: JSON.stringify(sites) }).map((row) => ({
        id: row.id,
        site: row.site_id,
        url: row.url,
        events: JSON.parse(row.events) as WebhookEventType[],
        createdAt: row.created_at,
        pending: row.pending,
        delivered: row.delivered,
        failed: row.failed,
        lastDeliveredAt: row.last_delivered_at,
        failures: failing.filter((f) => f.endpointId === row.id),
      }))
    },
    /** Newest first, at most `limit` per endpoint: deliveries given up, or retrying after a failed try. */
    failures: (sites: readonly string[] = [], limit = FAILURES_SHOWN): WebhookFailure[] => failures.all({ sites: JSON.stringify(sites), limit }).map(toFailure),
  }
}

export type WebhookStore = ReturnType<typeof createWebhookStore>
