/**
 * @module relay/store/privacy — everything the relay holds about one visitor, as one document to
 * hand over or one transaction to erase; the retention purge; and the scrub that makes deleted
 * rows leave the file's bytes, not just the tables.
 */
import type { VisitorExport } from '../../protocol/index.js'
import type { createConversationStore } from './conversations.js'
import type { Db } from './database.js'
import type { createHandoverStore } from './handovers.js'
import type { createMessageStore } from './messages.js'
import type { createRatingStore } from './ratings.js'
import type { createVisitorStore } from './visitors.js'
import type { KbUseStore } from './kb-use.js'
import type { WebhookStore } from './webhooks.js'

interface Tables {
  visitors: ReturnType<typeof createVisitorStore>
  conversations: ReturnType<typeof createConversationStore>
  messages: ReturnType<typeof createMessageStore>
  handovers: ReturnType<typeof createHandoverStore>
  ratings: ReturnType<typeof createRatingStore>
  webhooks: WebhookStore
  kbUse: KbUseStore
}

export type { VisitorExport }

/** Rows deleted, per kind. `handlers` are the links that say which operator handled a conversation. */
export interface Removed {
  visitors: number
  conversations: number
  messages: number
  ratings: number
  transfers: number
  handlers: number
}

const iso = (ms: number) => new Date(ms).toISOString()
const nothing = (): Removed => ({ visitors: 0, conversations: 0, messages: 0, ratings: 0, transfers: 0, handlers: 0 })

export function createPrivacyStore(db: Db, tables: Tables) {
  const { visitors, conversations, messages, handovers, ratings, webhooks, kbUse } = tables

  /** Inside a transaction: the conversation and every row that hangs off it. */
  function eraseConversation(id: string, removed: Removed): void {
    removed.messages += messages.removeFor(id)
    if (ratings.remove(id)) removed.ratings++
    const handed = handovers.removeFor(id)
    removed.transfers += handed.transfers
    removed.handlers += handed.handlers
    webhooks.removeFor(id) // undelivered events quote its messages
    if (conversations.remove(id)) removed.conversations++
  }

  const exportVisitor = db.transaction((id: string, now: number): VisitorExport | undefined => {
    const visitor = visitors.get(id)
    if (!visitor) return undefined
    return {
      format: 'parley-visitor-export/1',
      exportedAt: iso(now),
      visitor: {
        id: visitor.id,
        site: visitor.siteId,
        identity: visitor.identity,
        context: visitor.context,
        page: visitor.page,
        firstSeen: iso(visitor.createdAt),
        lastSeen: iso(visitor.lastSeenAt),
      },
      articleAnswers: kbUse.feedbackOf(id).map((answer) => ({ article: answer.article, helped: answer.helped, at: iso(answer.at) })),
      conversations: conversations
        .allFor(id)
        .reverse()
        .map((conv) => ({
          id: conv.id,
          status: conv.status,
          department: conv.department,
          priority: conv.priority,
          contactEmail: conv.contactEmail,
          createdAt: iso(conv.createdAt),
          closedAt: conv.closedAt === null ? null : iso(conv.closedAt),
          lastActivity: iso(conv.updatedAt),
          operators: handovers.handlers(conv.id),
          transfers: handovers.transfers(conv.id).map((t) => ({ from: t.fromAgent, to: t.toAgent, department: t.toDepartment, note: t.note, at: iso(t.createdAt) })),
          rating: ratings.get(conv.id) ?? null,
          articlesRead: kbUse.seenIn(conv.id),
          // Seqs run gap-free from 1, so lastSeq is exactly the number of messages.
          messages: messages.after(conv.id, 0, conv.lastSeq).map((m) => ({ seq: m.seq, from: m.from, ...(m.name !== undefined && { name: m.name }), text: m.text, at: iso(m.at) })),
        })),
    }
  })

  return {
    /** Everything stored about the visitor, read in one snapshot; undefined when there is no such visitor. */
    exportVisitor: (id: string, now = Date.now()): VisitorExport | undefined => exportVisitor(id, now),

    /**
     * Deletes the visitor and all of their conversations (messages, rating, transfer notes, who
     * handled them, the email they left) in one transaction; undefined, changing nothing, when
     * there is no such visitor. Call `scrub` afterwards to clear the bytes from the file.
     */
    deleteVisitor: db.transaction((id: string): Removed | undefined => {
      if (!visitors.get(id)) return undefined
      const removed = nothing()
      for (const conv of conversations.allFor(id)) eraseConversation(conv.id, removed)
      if (visitors.remove(id)) removed.visitors++
      return removed
    }),

    /**
     * Retention: deletes every conversation with no activity since `cutoff` (epoch ms), open or
     * closed, with what hangs off it, and the visitors last seen before `cutoff` who have no
     * conversation left (a visitor who just arrived and has not written yet stays).
     */
    purge: db.transaction((cutoff: number): Removed => {
      const removed = nothing()
      for (const id of conversations.idleSince(cutoff)) eraseConversation(id, removed)
      removed.visitors += visitors.removeIdle(cutoff)
      return removed
    }),

    /**
     * Makes deleted rows leave the file. SQLite only marks deleted content as free: the bytes stay
     * in their page until something overwrites them, and the WAL keeps page images from before
     * the delete until it is reset. So:
     * - `secure_delete` (on for every connection, see database.ts) zeroes content as it is
     *   deleted or overwritten, so the pages written by the delete carry no trace of it;
     * - VACUUM (`vacuum: true`) rebuilds the file from live rows only. That also clears what was
     *   freed before secure_delete was on (a file written by an older relay), but it rewrites the
     *   whole file and holds the write lock meanwhile: the CLI does it, the relay's hourly sweep
     *   does not;
     * - wal_checkpoint(TRUNCATE) copies the new pages into the main file and cuts the WAL to zero
     *   bytes, taking the old page images with it. It cannot finish while another connection (a
     *   running relay) still reads an older snapshot; it returns false then, and the WAL is
     *   emptied by that connection's next full checkpoint (the relay does one when it stops).
     * Must not run inside a transaction.
     */
    scrub({ vacuum }: { vacuum: boolean }): boolean {
      if (vacuum) db.exec('VACUUM')
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      return result?.busy === 0
    },
  }
}

export type PrivacyStore = ReturnType<typeof createPrivacyStore>
