/**
 * @module relay/store — the only part of the relay that touches SQLite. Everything above it
 * sees plain objects, so another backend can stand in behind the same shape later.
 */
import { createAgentStore } from './agents.js'
import { createApiReadStore } from './api-reads.js'
import { createApiTokenStore } from './api-tokens.js'
import { createCannedStore } from './canned.js'
import { createConversationStore } from './conversations.js'
import { openDatabase } from './database.js'
import { createHandoverStore } from './handovers.js'
import { createKbStore } from './kb.js'
import { createKbUseStore } from './kb-use.js'
import { createMessageStore } from './messages.js'
import { createPrivacyStore } from './privacy.js'
import { createRatingStore } from './ratings.js'
import { watchOutsideCommits } from './outside-commits.js'
import { createSiteStore } from './sites.js'
import { createVisitorStore } from './visitors.js'
import { createWebhookStore } from './webhooks.js'

export type { Agent, AgentRole } from './agents.js'
export type { ApiToken } from './api-tokens.js'
export type { Conversation } from './conversations.js'
export type { Transfer } from './handovers.js'
export type { Appended, NewMessage } from './messages.js'
export type { Removed, VisitorExport } from './privacy.js'
export type { Site } from './sites.js'
export type { Visitor } from './visitors.js'
export type { DueDelivery, Outcome, WebhookEndpoint } from './webhooks.js'

export function openStore(path: string) {
  const db = openDatabase(path)
  const outside = watchOutsideCommits(db)
  const tables = {
    visitors: createVisitorStore(db),
    conversations: createConversationStore(db),
    messages: createMessageStore(db),
    handovers: createHandoverStore(db),
    ratings: createRatingStore(db),
    webhooks: createWebhookStore(db, outside),
    /** Articles read before asking, and the answers to "Did this answer your question?". */
    kbUse: createKbUseStore(db),
  }
  return {
    sites: createSiteStore(db, outside),
    agents: createAgentStore(db, outside),
    ...tables,
    canned: createCannedStore(db),
    kb: createKbStore(db),
    /** The REST API: its bearer tokens, and its reads, each within one site. */
    apiTokens: createApiTokenStore(db),
    apiReads: createApiReadStore(db),
    /** Export and erasure of one visitor, and the retention purge. */
    privacy: createPrivacyStore(db, tables),
    /** Runs `work` in one transaction: everything in it lands, or nothing does. */
    transaction<T>(work: () => T): T {
      return db.transaction(work)()
    },
    /** A cheap read that proves the file is open and readable (for /healthz). */
    ping(): boolean {
      return db.prepare('SELECT 1 AS ok').get() !== undefined
    },
    close(): void {
      if (!db.open) return
      // Fold the WAL back into the main file so a copied parley.db is complete on its own.
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}

export type Store = ReturnType<typeof openStore>
