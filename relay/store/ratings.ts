/** @module relay/store/ratings — post-chat ratings, counted for every operator who handled the conversation. */
import type { OperatorRatings, Rating, RecentComment } from '../../protocol/index.js'
import type { Db } from './database.js'

export function createRatingStore(db: Db) {
  const insert = db.prepare('INSERT INTO ratings (conversation_id, score, comment, created_at) VALUES (?, ?, ?, ?)')
  const byConversation = db.prepare<[string], { score: number; comment: string | null }>('SELECT score, comment FROM ratings WHERE conversation_id = ?')
  const remove = db.prepare('DELETE FROM ratings WHERE conversation_id = ?')
  const perOperator = db.prepare<[], { agent_id: string; name: string; n: number; average: number }>(
    `SELECT ca.agent_id, a.name, count(*) AS n, avg(r.score) AS average
     FROM ratings r JOIN conversation_agents ca ON ca.conversation_id = r.conversation_id JOIN agents a ON a.id = ca.agent_id
     GROUP BY ca.agent_id ORDER BY a.name`,
  )
  const comments = db.prepare<[number], { conversation_id: string; score: number; comment: string; created_at: number; agents: string | null }>(
    `SELECT r.conversation_id, r.score, r.comment, r.created_at,
       (SELECT group_concat(a.name, ', ') FROM conversation_agents ca JOIN agents a ON a.id = ca.agent_id WHERE ca.conversation_id = r.conversation_id) AS agents
     FROM ratings r WHERE r.comment IS NOT NULL AND r.comment != '' ORDER BY r.created_at DESC LIMIT ?`,
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
    perOperator: (): OperatorRatings[] => perOperator.all().map((r) => ({ agentId: r.agent_id, name: r.name, count: r.n, average: r.average })),
    recentComments: (limit = 10): RecentComment[] =>
      comments.all(limit).map((r) => ({ conversationId: r.conversation_id, score: r.score, comment: r.comment, agents: r.agents ? r.agents.split(', ') : [], createdAt: r.created_at })),
  }
}
