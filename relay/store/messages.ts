/** @module relay/store/messages — the messages of conversations; the one place a seq is assigned. */
import type { Author, Message, SystemEvent } from '../../protocol/index.js'
import type { Db } from './database.js'

interface MessageRow {
  conversation_id: string
  seq: number
  cid: string
  author: Author
  agent_name: string | null
  text: string
  created_at: number
  event: string | null
}

function toMessage(row: MessageRow): Message {
  const message: Message = { conv: row.conversation_id, seq: row.seq, cid: row.cid, from: row.author, text: row.text, at: row.created_at }
  if (row.agent_name !== null) message.name = row.agent_name
  if (row.event !== null) message.event = JSON.parse(row.event) as SystemEvent
  return message
}

export interface NewMessage {
  conv: string
  cid: string
  from: Author
  agentId?: string
  /** For a bot's message (REST API), which has no agentId: the name it is shown under. */
  name?: string
  text: string
  event?: SystemEvent
}

/** Result of an append: the stored message, and whether the cid had been stored before. */
export interface Appended {
  message: Message
  duplicate: boolean
}

const MESSAGE_COLUMNS = `m.conversation_id, m.seq, m.cid, m.author, coalesce(a.name, m.author_name) AS agent_name, m.text, m.created_at, m.event
  FROM messages m LEFT JOIN agents a ON a.id = m.agent_id`

export function createMessageStore(db: Db) {
  // Takes the next seq and marks the activity in one statement (a read and a write were two).
  const nextSeq = db.prepare<[number, string], { last_seq: number }>('UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq')
  // The same for a visitor's newest conversation, found and checked open in the one statement,
  // which also checks the cid is new: the hottest path there is (a visitor's message), which used
  // to look up the cid and read the conversation first.
  const nextSeqInOpen = db.prepare<[number, string, string], { id: string; last_seq: number }>(
    `UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?
     WHERE id = (SELECT id FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1) AND status != 'closed'
       AND NOT EXISTS (SELECT 1 FROM messages WHERE cid = ?)
     RETURNING id, last_seq`,
  )
  const insert = db.prepare('INSERT INTO messages (conversation_id, seq, cid, author, agent_id, author_name, text, created_at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const byCid = db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.cid = ?`)
  const after = db.prepare<[string, number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`)
  // The newest words of a person: what lists preview ("Alice joined the chat" is not news).
  const last = db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.conversation_id = ? AND m.author != 'system' ORDER BY m.seq DESC LIMIT 1`)
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM messages WHERE conversation_id = ?')
  const removeFor = db.prepare('DELETE FROM messages WHERE conversation_id = ?')

  const agentName = db.prepare<[string], { name: string }>('SELECT name FROM agents WHERE id = ?')

  /** Writes a message whose cid is new under the seq just taken for it. */
  function insertAt(message: NewMessage, seq: number, now: number): Message {
    insert.run(message.conv, seq, message.cid, message.from, message.agentId ?? null, message.name ?? null, message.text, now, message.event ? JSON.stringify(message.event) : null)
    // Built from what was written, not read back (the hottest path); named as MESSAGE_COLUMNS names it.
    const stored: Message = { conv: message.conv, seq, cid: message.cid, from: message.from, text: message.text, at: now }
    const name = (message.agentId === undefined ? undefined : agentName.get(message.agentId)?.name) ?? message.name
    if (name !== undefined) stored.name = name
    if (message.event) stored.event = message.event
    return stored
  }

  /**
   * Stores a message and assigns its seq. A cid seen before returns the message stored the
   * first time and writes nothing: resending is always safe.
   */
  function appendNow(message: NewMessage, now: number): Appended {
    const existing = byCid.get(message.cid)
    if (existing) return { message: toMessage(existing), duplicate: true }
    const taken = nextSeq.get(now, message.conv)
    if (!taken) throw new Error(`no conversation ${message.conv}`)
    return { message: insertAt(message, taken.last_seq, now), duplicate: false }
  }
  const appendAtomically = db.transaction(appendNow)

  return {
    /** In one transaction: the caller's (a write job's savepoint), or its own. */
    append: (message: NewMessage, now = Date.now()): Appended => (db.inTransaction ? appendNow(message, now) : appendAtomically(message, now)),
    /**
     * Inside the caller's transaction, a visitor's message: stored in the visitor's newest
     * conversation if that is open and the cid is new. Otherwise nothing is written and the answer
     * is undefined: the caller looks for the cid, and if it is new starts a conversation.
     */
    appendToOpen(visitorId: string, message: Omit<NewMessage, 'conv'>, now = Date.now()): Message | undefined {
      const taken = nextSeqInOpen.get(now, visitorId, message.cid)
      return taken && insertAt({ ...message, conv: taken.id }, taken.last_seq, now)
    },
    findByCid(cid: string): Message | undefined {
      const row = byCid.get(cid)
      return row && toMessage(row)
    },
    after(conv: string, afterSeq: number, limit: number): Message[] {
      return after.all(conv, afterSeq, limit).map(toMessage)
    },
    /** The newest message written by a person (system lines are skipped). */
    lastSpoken(conv: string): Message | undefined {
      const row = last.get(conv)
      return row && toMessage(row)
    },
    count: (conv: string): number => count.get(conv)!.n,
    /** Deletes every message of the conversation; returns how many there were. */
    removeFor: (conv: string): number => removeFor.run(conv).changes,
  }
}
