/**
 * @module relay/store/kb-use — what visitors did with the knowledge base (issue 8, migration 10):
 * the articles read before (or while) asking in each conversation, which the operator sees, and
 * the answers to "Did this answer your question?", counted per article as deflections.
 */
import type { KbArticleStats, SeenArticle } from '../../protocol/index.js'
import type { Db } from './database.js'
import type { KbSites } from './kb.js'

/**
 * An answer given while no conversation was open belongs to the visitor's next question only if
 * that comes soon: one given yesterday is about something else. (It still counts in the stats.)
 */
export const FEEDBACK_ATTACH_MS = 60 * 60_000

interface SeenRow {
  article_id: string
  title: string
  helped: 0 | 1 | null
}
interface StatsRow {
  site_id: string
  article_id: string
  title: string
  helped: number
  not_helped: number
}

/** Answers to export, per article. */
export interface FeedbackRecord {
  article: string
  helped: boolean
  at: number
}

const toHelped = (value: 0 | 1 | null): boolean | null => (value === null ? null : value === 1)
const sitesParam = (sites: KbSites): string | null => (sites === null ? null : JSON.stringify(typeof sites === 'string' ? [sites] : sites))

export function createKbUseStore(db: Db) {
  const seenIn = db.prepare<[string], SeenRow>('SELECT article_id, title, helped FROM kb_seen WHERE conversation_id = ? ORDER BY at, rowid')
  // Only the site's own articles are recorded, with their title now: an unknown id names nothing.
  const addSeen = db.prepare<{ conv: string; site: string; article: string; at: number }>(
    `INSERT OR IGNORE INTO kb_seen (conversation_id, article_id, title, helped, at)
     SELECT @conv, id, title, NULL, @at FROM kb_articles WHERE site_id = @site AND id = @article`,
  )
  // The visitor's recent answers that no conversation shows yet: read before asking this one.
  const pending = 'f.visitor_id = @visitor AND f.conversation_id IS NULL AND f.at >= @since'
  const addPending = db.prepare<{ conv: string; visitor: string; since: number }>(
    `INSERT OR IGNORE INTO kb_seen (conversation_id, article_id, title, helped, at)
     SELECT @conv, f.article_id, a.title, f.helped, f.at FROM kb_feedback f JOIN kb_articles a ON a.site_id = f.site_id AND a.id = f.article_id
     WHERE ${pending}`,
  )
  const answerPending = db.prepare<{ conv: string; visitor: string; since: number }>(
    `UPDATE kb_seen SET helped = (SELECT f.helped FROM kb_feedback f WHERE ${pending} AND f.article_id = kb_seen.article_id)
     WHERE conversation_id = @conv AND EXISTS (SELECT 1 FROM kb_feedback f WHERE ${pending} AND f.article_id = kb_seen.article_id)`,
  )
  const attachPending = db.prepare<{ conv: string; visitor: string; since: number }>(
    `UPDATE kb_feedback AS f SET conversation_id = @conv WHERE ${pending}`,
  )
  const answer = db.prepare<{ visitor: string; site: string; article: string; helped: 0 | 1; at: number; conv: string | null }>(
    `INSERT INTO kb_feedback (visitor_id, article_id, site_id, helped, at, conversation_id)
     SELECT @visitor, id, site_id, @helped, @at, @conv FROM kb_articles WHERE site_id = @site AND id = @article
     ON CONFLICT (visitor_id, article_id) DO UPDATE SET helped = excluded.helped, at = excluded.at, conversation_id = excluded.conversation_id`,
  )
  const answerSeen = db.prepare<{ conv: string; site: string; article: string; helped: 0 | 1; at: number }>(
    `INSERT INTO kb_seen (conversation_id, article_id, title, helped, at)
     SELECT @conv, id, title, @helped, @at FROM kb_articles WHERE site_id = @site AND id = @article
     ON CONFLICT (conversation_id, article_id) DO UPDATE SET helped = excluded.helped`,
  )
  const inSites = '(@sites IS NULL OR f.site_id IN (SELECT value FROM json_each(@sites)))'
  const deflections = db.prepare<{ sites: string | null }, { n: number }>(`SELECT count(*) AS n FROM kb_feedback f WHERE f.helped = 1 AND ${inSites}`)
  // A removed article keeps its answers (they were real deflections); its id stands in for the title.
  const stats = db.prepare<{ sites: string | null }, StatsRow>(
    `SELECT f.site_id, f.article_id, coalesce(a.title, f.article_id) AS title, sum(f.helped) AS helped, sum(1 - f.helped) AS not_helped
     FROM kb_feedback f LEFT JOIN kb_articles a ON a.site_id = f.site_id AND a.id = f.article_id
     WHERE ${inSites} GROUP BY f.site_id, f.article_id ORDER BY count(*) DESC, title LIMIT 500`,
  )
  const feedbackOf = db.prepare<[string], { article_id: string; helped: 0 | 1; at: number }>('SELECT article_id, helped, at FROM kb_feedback WHERE visitor_id = ? ORDER BY at')

  return {
    /** What the operator reads beside the chat: the articles, in the order read. */
    seenIn: (conv: string): SeenArticle[] => seenIn.all(conv).map((row) => ({ id: row.article_id, title: row.title, helped: toHelped(row.helped) })),

    /**
     * A visitor's message started or continued `conv`: records the articles it names (ids the
     * site does not have are skipped) and the answers the visitor gave shortly before, while no
     * conversation was open ("no, then talk to a person" shows as not helped). Run it inside the
     * message's transaction.
     */
    readBeforeAsking(input: { conv: string; site: string; visitor: string; articles: readonly string[] }, now = Date.now()): void {
      const { conv, site, visitor } = input
      for (const article of input.articles) addSeen.run({ conv, site, article, at: now })
      const params = { conv, visitor, since: now - FEEDBACK_ATTACH_MS }
      addPending.run(params)
      answerPending.run(params)
      attachPending.run(params)
    },

    /**
     * Records the visitor's answer about one of the site's articles (the latest answer counts);
     * with `conv`, an open conversation, the operator sees it there at once. False when the site
     * has no such article: nothing is stored.
     */
    answer(input: { visitor: string; site: string; article: string; helped: boolean; conv: string | null }, now = Date.now()): boolean {
      const helped = input.helped ? 1 : 0
      const stored = answer.run({ visitor: input.visitor, site: input.site, article: input.article, helped, at: now, conv: input.conv }).changes > 0
      if (stored && input.conv !== null) answerSeen.run({ conv: input.conv, site: input.site, article: input.article, helped, at: now })
      return stored
    },

    /** Deflections (answers "it helped") and every answered article, for the sites given (null: all). */
    stats(sites: KbSites): { deflections: number; articles: KbArticleStats[] } {
      const scope = { sites: sitesParam(sites) }
      return {
        deflections: deflections.get(scope)?.n ?? 0,
        articles: stats.all(scope).map((row) => ({ id: row.article_id, title: row.title, site: row.site_id, helped: row.helped, notHelped: row.not_helped })),
      }
    },

    /** The visitor's answers, oldest first (for their export). */
    feedbackOf: (visitor: string): FeedbackRecord[] => feedbackOf.all(visitor).map((row) => ({ article: row.article_id, helped: row.helped === 1, at: row.at })),
  }
}

export type KbUseStore = ReturnType<typeof createKbUseStore>
