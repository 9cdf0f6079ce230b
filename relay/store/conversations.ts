/** @module relay/store/conversations — conversations and where each stands: queued, with an operator, closed. */
import type { ConversationStatus } from '../../protocol/index.js'
import type { Db } from './database.js'

export interface Conversation {
  id: string
  siteId: string
  visitorId: string
  status: ConversationStatus
  agentId: string | null
  lastSeq: number
  epoch: string
  department: string | null
  priority: boolean
  /** Back in the queue because its operator went offline: served before the rest. */
  requeued: boolean
  queuedAt: number | null
  assignedAt: number | null
  closedAt: number | null
  contactEmail: string | null
  /** Highest seq an operator has read. */
  seenSeq: number
  createdAt: number
  updatedAt: number
}

interface ConversationRow {
  id: string
  site_id: string
  visitor_id: string
  status: ConversationStatus
  agent_id: string | null
  last_seq: number
  epoch: string
  department: string | null
  priority: number
  requeued: number
  queued_at: number | null
  assigned_at: number | null
  closed_at: number | null
  contact_email: string | null
  agent_seen_seq: number
  created_at: number
  updated_at: number
}

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  siteId: row.site_id,
  visitorId: row.visitor_id,
  status: row.status,
  agentId: row.agent_id,
  lastSeq: row.last_seq,
  epoch: row.epoch,
  department: row.department,
  priority: row.priority === 1,
  requeued: row.requeued === 1,
  queuedAt: row.queued_at,
  assignedAt: row.assigned_at,
  closedAt: row.closed_at,
  contactEmail: row.contact_email,
  seenSeq: row.agent_seen_seq,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export interface NewConversation {
  id: string
  siteId: string
  visitorId: string
  epoch: string
  department?: string | null
  priority?: boolean
}

export function createConversationStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO conversations (id, site_id, visitor_id, status, epoch, department, priority, queued_at, created_at, updated_at)
     VALUES (?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)`,
  )
  const byId = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?')
  const latestForVisitor = db.prepare<[string], ConversationRow>(
    'SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  )
  const forVisitor = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC')
  const startedSince = db.prepare<[string, number], { n: number; oldest: number | null }>(
    'SELECT count(*) AS n, min(created_at) AS oldest FROM conversations WHERE visitor_id = ? AND created_at > ?',
  )
  // `IN`, not `!= 'closed'`: the status index finds them without reading every closed conversation.
  const active = db.prepare<[], ConversationRow>(`SELECT * FROM conversations WHERE status IN ('waiting', 'open') ORDER BY updated_at DESC`)
  const waiting = db.prepare<[], ConversationRow>(`SELECT * FROM conversations WHERE status = 'waiting' ORDER BY queued_at, rowid`)
  const openOf = db.prepare<[string], ConversationRow>(`SELECT * FROM conversations WHERE status = 'open' AND agent_id = ?`)
  const assign = db.prepare(
    `UPDATE conversations SET status = 'open', agent_id = ?, assigned_at = ?, queued_at = NULL, requeued = 0, updated_at = ? WHERE id = ? AND status != 'closed'`,
  )
  const queue = db.prepare(
    `UPDATE conversations SET status = 'waiting', agent_id = NULL, queued_at = ?, requeued = ?, department = coalesce(?, department), updated_at = ? WHERE id = ? AND status != 'closed'`,
  )
  const close = db.prepare(`UPDATE conversations SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status != 'closed'`)
  const setEpoch = db.prepare('UPDATE conversations SET epoch = ? WHERE id = ?')
  const setRouting = db.prepare('UPDATE conversations SET department = ?, priority = ? WHERE id = ?')
  // Only forward, and never past what is stored.
  const seen = db.prepare('UPDATE conversations SET agent_seen_seq = min(?, last_seq) WHERE id = ? AND agent_seen_seq < min(?, last_seq)')
  const setContact = db.prepare('UPDATE conversations SET contact_email = ?, updated_at = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM conversations WHERE id = ?')
  // Last activity: a message, an assignment, a close or a left email bump updated_at; a rating
  // (given after the close) does not, so it counts on its own.
  const idleSince = db.prepare<[number], { id: string }>(
    `SELECT c.id FROM conversations c LEFT JOIN ratings r ON r.conversation_id = c.id
     WHERE max(c.updated_at, coalesce(r.created_at, 0)) < ? ORDER BY c.updated_at`,
  )
  const handling = db.prepare<[number], { ms: number }>(
    `SELECT closed_at - assigned_at AS ms FROM conversations WHERE status = 'closed' AND assigned_at IS NOT NULL ORDER BY closed_at DESC LIMIT ?`,
  )

  const one = (row: ConversationRow | undefined) => row && toConversation(row)

  return {
    create(conv: NewConversation, now = Date.now()): Conversation {
      insert.run(conv.id, conv.siteId, conv.visitorId, conv.epoch, conv.department ?? null, conv.priority ? 1 : 0, now, now, now)
      return toConversation(byId.get(conv.id)!)
    },
    get: (id: string): Conversation | undefined => one(byId.get(id)),
    /** The visitor's newest conversation, closed or not: what their widget shows. */
    latestFor: (visitorId: string): Conversation | undefined => one(latestForVisitor.get(visitorId)),
    /** Every conversation of the visitor, newest first. */
    allFor: (visitorId: string): Conversation[] => forVisitor.all(visitorId).map(toConversation),
    /** How many conversations the visitor started after `since`, and when the first of them was. */
    startedSince(visitorId: string, since: number): { count: number; oldest: number | null } {
      const row = startedSince.get(visitorId, since)!
      return { count: row.n, oldest: row.oldest }
    },
    /** Waiting and open conversations, most recent activity first. */
    listActive: (): Conversation[] => active.all().map(toConversation),
    listWaiting: (): Conversation[] => waiting.all().map(toConversation),
    openOf: (agentId: string): Conversation[] => openOf.all(agentId).map(toConversation),
    /** Gives a conversation to an operator; false when it is closed or gone. */
    assign: (id: string, agentId: string, now = Date.now()): boolean => assign.run(agentId, now, now, id).changes === 1,
    /** Puts a conversation (back) in the queue, optionally for a department. */
    queue(id: string, options: { requeued?: boolean; department?: string } = {}, now = Date.now()): boolean {
      return queue.run(now, options.requeued ? 1 : 0, options.department ?? null, now, id).changes === 1
    },
    close: (id: string, now = Date.now()): boolean => close.run(now, now, id).changes === 1,
    /** Starts a new epoch: every client of the conversation resyncs it from scratch. */
    setEpoch(id: string, epoch: string): void {
      setEpoch.run(epoch, id)
    },
    setRouting(id: string, department: string | null, priority: boolean): void {
      setRouting.run(department, priority ? 1 : 0, id)
    },
    /** Records that an operator read up to `seq`; false when that changes nothing. */
    markSeen: (id: string, seq: number): boolean => seen.run(seq, id, seq).changes === 1,
    setContact(id: string, email: string, now = Date.now()): void {
      setContact.run(email, now, id)
    },
    /** Ids of conversations with no activity since `cutoff` (epoch ms), whatever their status. */
    idleSince: (cutoff: number): string[] => idleSince.all(cutoff).map((r) => r.id),
    /** Deletes the conversation row; its messages, rating and handovers must be gone first. */
    remove: (id: string): boolean => remove.run(id).changes === 1,
    /** How long recently closed conversations took from assignment to close, newest first. */
    recentHandlingMs: (limit = 20): number[] => handling.all(limit).map((r) => r.ms),
  }
}
