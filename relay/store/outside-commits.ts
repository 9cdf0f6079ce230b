/**
 * @module relay/store/outside-commits — notices commits by other connections to the file (the CLI
 * adding a site, an operator or a webhook while the relay runs). The stores that keep such rare
 * changes in memory (sites, team, webhook endpoints) reload when the number read here moves.
 *
 * `PRAGMA data_version` outside a transaction opens and closes a read transaction: file locks,
 * about 2 µs. A long-polling page's hello needed it twice per request, about a tenth of the
 * relay's time per poll. Outside a transaction, one read per turn of the event loop serves every
 * caller in that turn, so a change from outside shows from the next turn on. Inside one (a write
 * job recording a webhook event) the read is cheap and exact, so it is made every time.
 */
import type { Db } from './database.js'

export interface OutsideCommits {
  /** Moves whenever another connection has committed; our own commits do not move it. */
  version(): number
}

export function watchOutsideCommits(db: Db): OutsideCommits {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  let version = -1
  let readThisTurn = false
  const nextTurn = () => {
    readThisTurn = false
  }
  return {
    version(): number {
      // Kept as this turn's number too: a newer one read here must not be followed by the older.
      if (db.inTransaction) return (version = dataVersion.get()!)
      if (!readThisTurn) {
        version = dataVersion.get()!
        readThisTurn = true
        setImmediate(nextTurn).unref()
      }
      return version
    },
  }
}
