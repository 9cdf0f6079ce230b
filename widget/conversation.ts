/**
 * @module widget/conversation — the visitor's view of their conversation: messages the relay
 * has stored (by seq, so a replay or a second copy never shows twice) and messages still on
 * their way (the outbox, by cid, in the order written). Pure data: no DOM, no network, no disk.
 */
import type { Message } from '../protocol/frames.js'

export type Delivery = 'sending' | 'sent' | 'failed'

/** One line in the message list. `seq` is absent while the relay has not stored it yet. */
export interface Shown {
  cid: string
  seq?: number
  from: Message['from']
  name?: string
  text: string
  at: number
  delivery: Delivery
  error?: string
  /** For system lines: what happened, to be worded in the visitor's language. */
  event?: Message['event']
}

/** A message written here that the relay has not acknowledged yet. */
export interface Outgoing {
  cid: string
  text: string
  at: number
  /** Knowledge-base articles read before asking: they go (and go again) with the message. */
  articles?: string[]
}

/** What is kept on the device and handed between tabs. */
export interface Snapshot {
  conv: string | null
  epoch: string | null
  messages: Message[]
}

export function createConversation() {
  let conv: string | null = null
  let epoch: string | null = null
  let contiguous = 0 // highest seq shown with every seq below it shown too
  let floor = 0 // seqs up to here are seen but not kept (a restored snapshot keeps only the newest)
  const stored = new Map<number, Message>()
  const outbox = new Map<string, Outgoing>() // insertion order is the order written
  const failed = new Map<string, Outgoing & { error: string }>()

  function advance(): void {
    while (stored.has(contiguous + 1)) contiguous++
  }

  return {
    get id(): string | null {
      return conv
    },
    get epoch(): string | null {
      return epoch
    },
    /** Highest seq shown without a gap: what hello and gap fill name, so nothing is skipped. */
    lastSeq: (): number => contiguous,
    /** True when a seq above lastSeq is shown: something in between is missing. */
    hasGap: (): boolean => stored.size > contiguous - floor,
    /**
     * The relay named the conversation and epoch: a different conversation or epoch, or an
     * explicit reset, drops what is shown (the outbox stays: nothing typed is ever dropped).
     */
    setConversation(id: string | null, newEpoch: string | null, reset = false): void {
      if (id === conv && newEpoch === epoch && !reset) return
      conv = id
      epoch = newEpoch
      stored.clear()
      contiguous = 0
      floor = 0
    },
    /** Stores a message from the relay; false when it was already shown or is not ours. */
    receive(message: Message): boolean {
      if (conv === null) conv = message.conv
      if (message.conv !== conv) return false
      outbox.delete(message.cid)
      if (stored.has(message.seq)) return false
      stored.set(message.seq, message)
      advance()
      return true
    },
    queue(item: Outgoing): void {
      outbox.set(item.cid, item)
    },
    /** The relay committed our message: it moves from the outbox to its place by seq. */
    ack(cid: string, convId: string, seq: number): Message | undefined {
      const item = outbox.get(cid)
      if (!item) return undefined
      const message: Message = { conv: convId, seq, cid, from: 'visitor', text: item.text, at: item.at }
      if (conv !== convId) this.setConversation(convId, conv === null ? epoch : null)
      outbox.delete(cid)
      if (!stored.has(seq)) stored.set(seq, message)
      advance()
      return message
    },
    /** The relay refused the message for good (too long, say): keep it visible, marked failed. */
    fail(cid: string, error: string): Outgoing | undefined {
      const item = outbox.get(cid)
      if (!item) return undefined
      outbox.delete(cid)
      failed.set(cid, { ...item, error })
      return item
    },
    pending: (): Outgoing[] => [...outbox.values()],
    has: (cid: string): boolean => outbox.has(cid),
    /** Paints a snapshot kept on the device; seqs below its first message count as seen. */
    restore(snapshot: Snapshot): void {
      this.setConversation(snapshot.conv, snapshot.epoch, true)
      const first = snapshot.messages[0]
      if (first) contiguous = floor = first.seq - 1
      for (const message of snapshot.messages) if (message.conv === conv) stored.set(message.seq, message)
      advance()
    },
    /** The newest `limit` messages, to keep on the device. */
    snapshot(limit = 1000): Snapshot {
      const messages = [...stored.values()].sort((a, b) => a.seq - b.seq).slice(-limit)
      return { conv, epoch, messages }
    },
    clear(): void {
      conv = null
      epoch = null
      contiguous = 0
      floor = 0
      stored.clear()
      outbox.clear()
      failed.clear()
    },
    list(): Shown[] {
      const sent: Shown[] = [...stored.values()].map((m) => ({ ...m, delivery: 'sent' }))
      const waiting: Shown[] = [...outbox.values()].map((o) => ({ ...o, from: 'visitor', delivery: 'sending' }))
      const refused: Shown[] = [...failed.values()].map((f) => ({ ...f, from: 'visitor', delivery: 'failed' }))
      return [...sent, ...waiting, ...refused].sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity) || a.at - b.at)
    },
  }
}

export type Conversation = ReturnType<typeof createConversation>
