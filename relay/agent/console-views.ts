/** @module relay/agent/console-views — what the page derives from the console state: list sections, unread counts, what a tab shows, who may write, and what deserves a sound. */
import type { AgentSend, ConversationSummary, Message, ToAgent } from '../../protocol/index.js'
import { lookingAt, type ConsoleState, type Pending } from './console-state.js'

/** How long "Visitor is typing…" stays up after the visitor's last `typing on` (they may have left). */
export const TYPING_SHOWN_MS = 6_000

export function unreadOf(state: ConsoleState, conv: ConversationSummary): number {
  return Math.max(0, conv.lastSeq - (state.seen.get(conv.id) ?? 0))
}

const byActivity = (a: ConversationSummary, b: ConversationSummary) => b.updatedAt - a.updatedAt
const byPosition = (a: ConversationSummary, b: ConversationSummary) =>
  (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) || a.createdAt - b.createdAt

export interface Sections {
  /** Open and with this operator, newest activity first. */
  mine: ConversationSummary[]
  /** Waiting, in the order the relay will serve them. */
  queue: ConversationSummary[]
  /** Open with another operator: watched, not answered. */
  others: ConversationSummary[]
}

export function listed(state: ConsoleState): Sections {
  const all = [...state.conversations.values()].sort(byActivity)
  const me = state.me?.id
  const open = all.filter((c) => c.status === 'open')
  return {
    mine: open.filter((c) => me !== undefined && c.agent?.id === me),
    queue: all.filter((c) => c.status === 'waiting').sort(byPosition),
    others: open.filter((c) => me === undefined || c.agent?.id !== me),
  }
}

/** What the title counts: the operator's own chats and the queue, not colleagues' chats. */
export function totalUnread(state: ConsoleState): number {
  const { mine, queue } = listed(state)
  return [...mine, ...queue].reduce((sum, c) => sum + unreadOf(state, c), 0)
}

export function shownMessages(state: ConsoleState, conv: string): Message[] {
  const chat = state.chats.get(conv)
  return chat ? [...chat.messages.values()].sort((a, b) => a.seq - b.seq) : []
}

/** Highest seq a tab shows without a gap: where a gap fill or the next page starts. */
export function contiguousSeq(state: ConsoleState, conv: string): number {
  const messages = state.chats.get(conv)?.messages
  let seq = 0
  while (messages?.has(seq + 1)) seq++
  return seq
}

export function pendingIn(state: ConsoleState, conv: string): Pending[] {
  return [...state.pending.values()].filter((p) => p.conv === conv)
}

/** What to send again after a reconnect: everything unacknowledged that was not refused. */
export function toResend(state: ConsoleState, conv?: string): AgentSend[] {
  return [...state.pending.values()]
    .filter((p) => p.error === undefined && (conv === undefined || p.conv === conv))
    .map((p) => ({ type: 'msg', conv: p.conv, cid: p.cid, text: p.text }))
}

export function visitorTyping(state: ConsoleState, conv: string, now: number): boolean {
  const since = state.typing.get(conv)
  return since !== undefined && now - since < TYPING_SHOWN_MS
}

/** When the indicator of `conv` goes out by itself, or null when it is not shown. */
export function typingEndsAt(state: ConsoleState, conv: string): number | null {
  const since = state.typing.get(conv)
  return since === undefined ? null : since + TYPING_SHOWN_MS
}

export interface Access {
  /** The composer is enabled. */
  write: boolean
  /** Transfer and close are offered. */
  handle: boolean
  /** Why the composer is disabled, or what writing will do. */
  note: string | null
}

/** What the operator may do in a conversation, as the relay will judge it. */
export function accessOf(conv: ConversationSummary, me: string, supervisor: boolean): Access {
  if (conv.status === 'closed') return { write: false, handle: false, note: 'This chat is closed.' }
  if (conv.status === 'waiting') return { write: true, handle: supervisor, note: 'This chat is waiting in the queue: writing takes it.' }
  if (conv.agent?.id === me) return { write: true, handle: true, note: null }
  const holder = conv.agent?.name ?? 'another operator'
  if (supervisor) return { write: true, handle: true, note: `This chat is with ${holder}; you write as a supervisor.` }
  return { write: false, handle: false, note: `This chat is with ${holder}.` }
}

/**
 * Whether a frame deserves the sound: a conversation newly given to this operator, or a new
 * visitor message in one of theirs that they are not looking at. Summaries reach every
 * operator, messages only the tabs watching, so summaries are what this reads.
 */
export function isNews(before: ConsoleState, after: ConsoleState, frame: ToAgent): boolean {
  if (frame.type !== 'conv' || !after.me) return false
  const now = frame.conversation
  if (now.status !== 'open' || now.agent?.id !== after.me.id || lookingAt(after) === now.id) return false
  const was = before.conversations.get(now.id)
  if (!was || was.status !== 'open' || was.agent?.id !== after.me.id) return true
  return now.lastFrom === 'visitor' && now.lastSeq > was.lastSeq
}
