/**
 * @module relay/store/api-reads — what the REST API reads, always within one site: its
 * conversations newest first, a transcript with the login of the operator behind each line, and
 * its ratings since a time. Answers in the API's shapes (protocol/api.ts).
 */
import type { ApiConversation, ApiMessage, ApiRatingsPage, Author, ConversationStatus, SystemEvent } from '../../protocol/index.js'
import type { Db } from './database.js'
import { toWebhookConversation, type WebhookConversationRow } from './webhooks.js'

interface ConversationRow extends WebhookConversationRow {
  last_seq: number
  updated_at: number
  score: number | null
  comment: string | null
}

interface MessageRow {
  seq: number
  cid: string
  author: Author
  agent_id: string | null
  agent_name: string | null
  author_name: string | null
  text: string
  created_at: number
  event: string | null
}

interface RatingRow {
  conversation_id: string
  visitor_id: string
  score: number
  comment: string | null
  created_at: number
  agents: string | null
}

const toConversation = (row: ConversationRow): ApiConversation => ({
  ...toWebhookConversation(row),
  lastSeq: row.last_seq,
  updatedAt: row.updated_at,
  rating: row.score === null ? null : { score: row.score, ...(row.comment !== null && { comment: row.comment }) },
})

const toMessage = (row: MessageRow): ApiMessage => ({
  seq: row.seq,
  cid: row.cid,
  from: row.author,
  agent: row.agent_id === null ? null : { id: row.agent_id, name: row.agent_name ?? row.agent_id },
  name: row.agent_name ?? row.author_name,
  text: row.text,
  at: row.created_at,
  event: row.event === null ? null : (JSON.parse(row.event) as SystemEvent),
})

const CONVERSATION = `SELECT c.id, c.visitor_id, c.status, c.agent_id, c.department, c.priority, c.contact_email, c.last_seq,
    c.created_at, c.updated_at, c.closed_at, r.score, r.comment
  FROM conversations c LEFT JOIN ratings r ON r.conversation_id = c.id`

export function createApiReadStore(db: Db) {
  const one = db.prepare<[string, string], ConversationRow>(`${CONVERSATION} WHERE c.id = ? AND c.site_id = ?`)
  // Newest first; rowid breaks ties between conversations started in the same millisecond, so a
  // page boundary never skips or repeats one. `before` is the last id of the previous page.
  const page = db.prepare<[{ site: string; status: string | null; before: string | null; limit: number }], ConversationRow>(
    `${CONVERSATION}
     WHERE c.site_id = :site AND (:status IS NULL OR c.status = :status)
       AND (:before IS NULL OR (c.created_at, c.rowid) < (SELECT created_at, rowid FROM conversations WHERE id = :before))
     ORDER BY c.created_at DESC, c.rowid DESC LIMIT :limit`,
  )
  const messages = db.prepare<[string, number, number], MessageRow>(
    `SELECT m.seq, m.cid, m.author, m.agent_id, a.name AS agent_name, m.author_name, m.text, m.created_at, m.event
     FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
     WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`,
  )
  const ratings = db.prepare<[string, number, number], RatingRow>(
    `SELECT r.conversation_id, c.visitor_id, r.score, r.comment, r.created_at,
       (SELECT group_concat(ca.agent_id, ',') FROM conversation_agents ca WHERE ca.conversation_id = r.conversation_id) AS agents
     FROM ratings r JOIN conversations c ON c.id = r.conversation_id
     WHERE c.site_id = ? AND r.created_at > ? ORDER BY r.created_at, r.conversation_id LIMIT ?`,
  )

  return {
    /** The conversation, when it belongs to `site`. */
    conversation(site: string, id: string): ApiConversation | undefined {
      const row = one.get(id, site)
      return row && toConversation(row)
    },
    /** Up to `limit` conversations of `site`, newest first, started before the conversation `before`. */
    conversations: (site: string, options: { status?: ConversationStatus | undefined; before?: string | undefined; limit: number }): ApiConversation[] =>
      page.all({ site, status: options.status ?? null, before: options.before ?? null, limit: options.limit }).map(toConversation),
    /** Up to `limit` messages of the conversation after seq `after`, oldest first. */
    messages: (conv: string, after: number, limit: number): ApiMessage[] => messages.all(conv, after, limit).map(toMessage),
    /**
     * Up to `limit` ratings of `site` given after `since`, oldest first, and the `since` of the next
     * page (null: there is no more). A full page ends before the last millisecond it reached (unless
     * that is all it holds), so the next page misses none of the ratings given in that millisecond.
     */
    ratings(site: string, since: number, limit: number): ApiRatingsPage {
      const rows = ratings.all(site, since, limit)
      const full = rows.length === limit
      const last = rows.at(-1)?.created_at
      const whole = full ? rows.filter((row) => row.created_at !== last) : rows
      const kept = whole.length > 0 ? whole : rows
      return {
        ratings: kept.map((row) => ({
          conversationId: row.conversation_id,
          visitorId: row.visitor_id,
          score: row.score,
          comment: row.comment,
          agents: row.agents ? row.agents.split(',') : [],
          createdAt: row.created_at,
        })),
        next: full ? kept.at(-1)!.created_at : null,
      }
    },
  }
}

export type ApiReadStore = ReturnType<typeof createApiReadStore>
