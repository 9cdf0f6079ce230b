/** @module scripts/chaos/ledger — every message a client of the run wrote, in the order each sender wrote it: what the check holds screens and SQLite to. */

export interface Written {
  cid: string
  /** 'v3' for the fourth visitor, 'o1' for the second operator. */
  sender: string
  text: string
  /** Known when written for operators; a visitor's is its conversation at the end. */
  conv?: string
}

export function createLedger() {
  const byCid = new Map<string, Written>()
  const bySender = new Map<string, Written[]>()
  return {
    record(entry: Written): void {
      if (byCid.has(entry.cid)) throw new Error(`chaos: cid ${entry.cid} was written twice`)
      byCid.set(entry.cid, entry)
      const list = bySender.get(entry.sender) ?? []
      list.push(entry)
      bySender.set(entry.sender, list)
    },
    get: (cid: string): Written | undefined => byCid.get(cid),
    all: (): Written[] => [...byCid.values()],
    bySender: (): ReadonlyMap<string, readonly Written[]> => bySender,
    get size(): number {
      return byCid.size
    },
  }
}

export type Ledger = ReturnType<typeof createLedger>
