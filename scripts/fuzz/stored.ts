/** @module scripts/fuzz/stored — what the relay committed, read the way an outsider would: the SQLite file, read-only, after the relay closed. */
import Database from 'better-sqlite3'
import { MARKER_PATTERN } from './wire.js'

export interface StoredMessage {
  conv: string
  seq: number
  cid: string
  author: string
  text: string
}

export interface Stored {
  /** Every message, in commit order. */
  messages: StoredMessage[]
  /** Every marker number found in any text of any table: messages, names, context, notes, comments… */
  markers: Set<number>
}

export function readStored(path: string): Stored {
  const db = new Database(path, { readonly: true })
  try {
    const markers = new Set<number>()
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().iterate() as IterableIterator<unknown[]>) {
        for (const value of row) {
          if (typeof value !== 'string') continue
          for (const match of value.matchAll(MARKER_PATTERN)) markers.add(Number(match[1]))
        }
      }
    }
    const messages = db.prepare('SELECT conversation_id AS conv, seq, cid, author, text FROM messages ORDER BY rowid').all() as StoredMessage[]
    return { messages, markers }
  } finally {
    db.close()
  }
}
