/** @module relay/store/ratings — post-chat ratings, counted for every operator who handled the conversation. */
import type { OperatorRatings, Rating, RecentComment } from '../../protocol/index.js'
import type { Db } from './database.js'

export function createRatingStore(db: Db) {
  const insert = db.prepare('INSERT INTO ratings (conversation_id, score, comment, created_at) VALUES (?, ?, ?, ?)')
  const byConversation = db.prepare<[string], { score: number; comment: string | null }>('SELECT score, comment FROM ratings WHERE conversation_id = ?')
  const remove = db.prepare('DELETE FROM ratings WHERE conversation_id = ?')
  // `sites`: a JSON array of site ids; empty means every site (an operator who serves them all).
  const IN_SITES = `(json_array_length(:sites) = 0 OR c.site_id IN (SELECT value FROM json_each(:sites)))`
  const perOperator = db.prepare<[{ sites: string }], { agent_id: string; name: string; n: number; average: number }>(
    `SELECT ca.agent_id, a.name, count(*) AS n, avg(r.score) AS average
     FROM ratings r JOIN conversations c ON c.id = r.conversation_id
       JOIN conversation_agents ca ON ca.conversation_id = r.conversation_id JOIN agents a ON a.id = ca.agent_id
     WHERE ${IN_SITES}
     GROUP BY ca.agent_id ORDER BY a.name`,
  )
  const comments = db.prepare<[{ limit: number; sites: string }], { conversation_id: string; score: number; comment: string; created_at: number; agents: string | null }>(
    `SELECT r.conversation_id, r.score, r.comment, r.created_at,
       (SELECT group_concat(a.name, ', ') FROM conversation_agents ca JOIN agents a ON a.id = ca.agent_id WHERE ca.conversation_id = r.conversation_id) AS agents
     FROM ratings r JOIN conversations c ON c.id = r.conversation_id
     WHERE r.comment IS NOT NULL AND r.comment != '' AND ${IN_SITES} ORDER BY r.created_at DESC LIMIT :limit`,
  )

  return {
    /** Stores the rating; false when the conversation was already rated (a rating is given once). */
    add(conversationId: string, rating: Rating, now = Date.now()): boolean {
      if (byConversation.get(conversationId)) return false
      insert.run(conversationId, rating.score, rating.comment ?? null, now)
      return true
    },
    get(conversationId: string): Rating | undefined {
      const row = byConversation.get(conversationId)
      if (!row) return undefined
      return row.comment === null ? { score: row.score } : { score: row.score, comment: row.comment }
    },
    /** Deletes the conversation's rating; returns whether there was one. */
    remove: (conversationId: string): boolean => remove.run(conversationId).changes === 1,
    /** Ratings of conversations on `sites` (every site when empty), per operator who handled them. */
    perOperator: (sites: readonly string[] = []): OperatorRatings[] => perOperator.all({ sites: JSON.stringify(sites) }).map((r) => ({ agentId: r.agent_id, name: r.name, count: r.n, average: r.average })),
    recentComments: (limit = 10, sites: readonly string[] = []): RecentComment[] =>
      comments.all({ limit, sites: JSON.stringify(sites) }).map((r) => ({ conversationId: r.conversation_id, score: r.score, comment: r.comment, agents: r.agents ? r.agents.split(', ') : [], createdAt: r.created_at })),
  }
}
