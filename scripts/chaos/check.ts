/**
 * @module scripts/chaos/check — the verdict: every message written must be stored once, in a
 * gap-free seq order, and shown exactly once at its seq on every screen of its conversation,
 * and each sender's messages must be stored in the order that sender wrote them.
 */
import Database from 'better-sqlite3'
import type { Ledger } from './ledger.js'

export interface Row {
  conv: string
  seq: number
  cid: string
  author: string
}

export interface ShownItem {
  cid: string
  seq?: number
  /** 'sent' once the relay stored it; anything else at the end means it never settled. */
  delivery: string
}

/** One page's view of one conversation: a visitor's widget or an operator's message list. */
export interface Screen {
  owner: string
  conv: string | null
  items: ShownItem[]
}

export interface Verdict {
  sent: number
  stored: number
  shown: number
  lost: number
  duplicated: number
  outOfOrder: number
  problems: string[]
}

export function readStored(db: string): Row[] {
  const reader = new Database(db, { readonly: true, fileMustExist: true })
  try {
    return reader.prepare('SELECT conversation_id AS conv, seq, cid, author FROM messages ORDER BY conversation_id, seq').all() as Row[]
  } finally {
    reader.close()
  }
}

/** Every operator shows every conversation; a screen that is missing (never opened) shows nothing. */
export function judge(ledger: Ledger, rows: readonly Row[], screens: readonly Screen[], operators: readonly string[]): Verdict {
  const problems: string[] = []
  const lost = new Set<string>()
  const duplicated = new Set<string>()
  const outOfOrder = new Set<string>()

  const rowsOf = new Map<string, Row[]>()
  const rowByCid = new Map<string, Row>()
  for (const row of rows) {
    rowsOf.set(row.conv, [...(rowsOf.get(row.conv) ?? []), row])
    if (rowByCid.has(row.cid)) duplicated.add(row.cid)
    rowByCid.set(row.cid, row)
    // System lines ("… joined the chat") are the relay's own; anything else must be ours.
    if (!ledger.get(row.cid) && row.author !== 'system') problems.push(`${row.conv} seq ${row.seq}: stored cid ${row.cid} that no client wrote`)
  }
  for (const [conv, list] of rowsOf) {
    list.forEach((row, i) => {
      if (row.seq !== i + 1) {
        problems.push(`${conv}: stored seqs are not 1..${list.length} (seq ${row.seq} at position ${i + 1})`)
        outOfOrder.add(row.cid)
      }
    })
  }

  // A visitor's conversation is where its messages were stored; an operator's names its own.
  const convOfSender = new Map<string, string>()
  for (const [sender, written] of ledger.bySender()) {
    const stored = written.map((w) => rowByCid.get(w.cid)?.conv).find((c) => c !== undefined)
    if (stored) convOfSender.set(sender, stored)
  }
  const expectedConv = (cid: string) => {
    const written = ledger.get(cid)!
    return written.conv ?? convOfSender.get(written.sender)
  }

  const screensOf = (conv: string): Screen[] => {
    const found = screens.filter((s) => s.conv === conv)
    const visitors = [...convOfSender].filter(([sender, c]) => c === conv && !operators.includes(sender)).map(([sender]) => sender)
    const missing = [...operators, ...visitors].filter((owner) => !found.some((s) => s.owner === owner))
    return [...found, ...missing.map((owner) => ({ owner, conv, items: [] }))]
  }

  // Each screen against SQLite: the same cids at the same seqs, in seq order, each once, none missing.
  for (const screen of screens) {
    if (screen.conv === null) continue
    const expected = rowsOf.get(screen.conv) ?? []
    const seqs = new Set(screen.items.map((item) => item.seq))
    for (const row of expected) {
      if (row.author === 'system' && !seqs.has(row.seq)) problems.push(`${screen.owner}: does not show the system line at seq ${row.seq} of ${screen.conv}`)
    }
    let previous = 0
    for (const item of screen.items) {
      if (item.delivery !== 'sent' || item.seq === undefined) {
        problems.push(`${screen.owner}: ${item.cid} still shows as ${item.delivery}`)
        continue
      }
      if (item.seq <= previous) outOfOrder.add(item.cid)
      previous = item.seq
      const row = expected[item.seq - 1]
      if (row?.cid !== item.cid) {
        outOfOrder.add(item.cid)
        problems.push(`${screen.owner}: shows ${item.cid} at seq ${item.seq} of ${screen.conv}, SQLite has ${row?.cid ?? 'nothing'} there`)
      }
    }
  }

  let stored = 0
  let shown = 0
  for (const written of ledger.all()) {
    const row = rowByCid.get(written.cid)
    const conv = expectedConv(written.cid)
    if (!row) {
      lost.add(written.cid)
      problems.push(`${written.sender} wrote ${written.cid} ("${written.text}"): not in SQLite`)
    } else {
      stored++
      if (row.conv !== conv) {
        lost.add(written.cid)
        problems.push(`${written.sender} wrote ${written.cid} for ${conv}: stored in ${row.conv}`)
      }
    }
    if (!conv) continue
    let everywhere = true
    for (const screen of screensOf(conv)) {
      const times = screen.items.filter((item) => item.cid === written.cid).length
      if (times === 1) continue
      everywhere = false
      if (times === 0) lost.add(written.cid)
      else duplicated.add(written.cid)
      problems.push(`${screen.owner}: shows ${written.cid} ("${written.text}") ${times} times`)
    }
    if (everywhere) shown++
  }

  // Each sender's messages, in the order written, must have rising seqs within a conversation.
  for (const [sender, written] of ledger.bySender()) {
    const highest = new Map<string, { seq: number; text: string }>()
    for (const w of written) {
      const row = rowByCid.get(w.cid)
      if (!row) continue
      const top = highest.get(row.conv)
      if (top && row.seq < top.seq) {
        outOfOrder.add(w.cid)
        problems.push(`${sender}: "${w.text}" (${w.cid}) stored at seq ${row.seq}, before "${top.text}" written earlier (seq ${top.seq})`)
      }
      if (!top || row.seq > top.seq) highest.set(row.conv, { seq: row.seq, text: w.text })
    }
  }

  return { sent: ledger.size, stored, shown, lost: lost.size, duplicated: duplicated.size, outOfOrder: outOfOrder.size, problems }
}
