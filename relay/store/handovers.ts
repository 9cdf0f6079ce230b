/** @module relay/store/handovers — who handled each conversation, and every transfer with its note. */
import type { Db } from './database.js'

export interface Transfer {
  conversationId: string
  fromAgent: string
  toAgent: string | null
  toDepartment: string | null
  note: string
  createdAt: number
}

interface TransferRow {
  conversation_id: string
  from_agent: string
  to_agent: string | null
  to_department: string | null
  note: string
  created_at: number
}

const toTransfer = (row: TransferRow): Transfer => ({
  conversationId: row.conversation_id,
  fromAgent: row.from_agent,
  toAgent: row.to_agent,
  toDepartment: row.to_department,
  note: row.note,
  createdAt: row.created_at,
})

export function createHandoverStore(db: Db) {
  const join = db.prepare('INSERT OR IGNORE INTO conversation_agents (conversation_id, agent_id, joined_at) VALUES (?, ?, ?)')
  const handlers = db.prepare<[string], { agent_id: string }>('SELECT agent_id FROM conversation_agents WHERE conversation_id = ? ORDER BY joined_at')
  const insert = db.prepare('INSERT INTO transfers (conversation_id, from_agent, to_agent, to_department, note, created_at) VALUES (?, ?, ?, ?, ?, ?)')
  const latest = db.prepare<[string], TransferRow>('SELECT * FROM transfers WHERE conversation_id = ? ORDER BY id DESC LIMIT 1')
  const all = db.prepare<[string], TransferRow>('SELECT * FROM transfers WHERE conversation_id = ? ORDER BY id')
  const removeHandlers = db.prepare('DELETE FROM conversation_agents WHERE conversation_id = ?')
  const removeTransfers = db.prepare('DELETE FROM transfers WHERE conversation_id = ?')

  return {
    /** Records that an operator handled the conversation (once per operator). */
    addHandler(conversationId: string, agentId: string, now = Date.now()): void {
      join.run(conversationId, agentId, now)
    },
    handlers: (conversationId: string): string[] => handlers.all(conversationId).map((r) => r.agent_id),
    addTransfer(transfer: Omit<Transfer, 'createdAt'>, now = Date.now()): Transfer {
      insert.run(transfer.conversationId, transfer.fromAgent, transfer.toAgent, transfer.toDepartment, transfer.note, now)
      return { ...transfer, createdAt: now }
    },
    latestTransfer(conversationId: string): Transfer | undefined {
      const row = latest.get(conversationId)
      return row && toTransfer(row)
    },
    /** Every transfer of the conversation with its note, oldest first. */
    transfers: (conversationId: string): Transfer[] => all.all(conversationId).map(toTransfer),
    /** Forgets who handled the conversation and every transfer note in it; returns the rows deleted. */
    removeFor(conversationId: string): { handlers: number; transfers: number } {
      return { handlers: removeHandlers.run(conversationId).changes, transfers: removeTransfers.run(conversationId).changes }
    },
  }
}
