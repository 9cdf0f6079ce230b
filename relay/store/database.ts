/** @module relay/store/database — opens the SQLite file with the settings Parley relies on and migrates it. */
import Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations.js'

export type Db = Database.Database

export function openDatabase(path: string): Db {
  const db = new Database(path)
  // WAL lets readers run beside the writer; FULL fsyncs every commit, so an ack sent after a
  // commit survives power loss, not just a crashed process.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // 32 MiB of page cache (the default is 2 MiB): every message lands in three b-trees (rows,
  // conversation and seq, cid), and each busy conversation keeps its own end of the second warm.
  db.pragma('cache_size = -32768')
  // Checkpoint the WAL into the main file every ~40 MB of it (10,000 pages) instead of every 4 MB.
  // Each message dirties index pages all over (its conversation's, its cid's); a checkpoint copies
  // each page once however often it changed since the last, so rarer ones copy far less. Measured
  // on the store's write path: 10.6 → 8.3 KB written per message, about a fifth less CPU. The cost
  // is a WAL file of up to ~40 MB beside parley.db while the relay runs (it is folded in on close).
  db.pragma('wal_autocheckpoint = 10000')
  // Zero deleted and overwritten content instead of leaving it in free space: an erased visitor
  // or an expired conversation must leave the file, and so must a context or name since replaced.
  // The cost is a memset per freed cell and writing out freed pages; see privacy.ts `scrub`.
  db.pragma('secure_delete = ON')
  migrate(db)
  return db
}

/** Applies every step past the file's `user_version`, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this relay (${MIGRATIONS.length}); upgrade Parley`)
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!)
      db.pragma(`user_version = ${version}`)
    })()
  }
}
