/** @module relay/agent/console-state — the console's state as a pure reducer over relay frames and user actions (no DOM, no socket, no clock: time comes in with the action, so it tests alone). */
import type { AgentPresence, AgentRef, ConversationBrief, ConversationSummary, Message, SeenArticle, ToAgent, VisitorCard } from '../../protocol/index.js'

/** A message this page sent that the relay has not acknowledged yet; `error` when it refused it. */
export interface Pending {
  cid: string
  conv: string
  text: string
  at: number
  error?: string
}

/** One open tab: what the answer to `open` brought and what came after it. */
export interface ChatView {
  /** False until the `history` for this tab arrives. */
  loaded: boolean
  visitor: VisitorCard | null
  /** By seq, so a replay or a duplicate lands on itself. */
  messages: ReadonlyMap<number, Message>
  /** The visitor's other conversations, newest first. */
  earlier: readonly ConversationBrief[]
  /** Knowledge-base articles the visitor read before or while asking, in the order read (issue 8). */
  articles: readonly SeenArticle[]
  /** What the operator has written here but not sent; survives switching tabs. */
  draft: string
}

/**
 * A transfer the operator asked for. The relay answers a refusal with an error frame (no id to
 * match it by) and a success with a summary carrying a newer transfer note, so both are told
 * apart from other news by what was asked last.
 */
export interface TransferRequest {
  conv: string
  /** When the conversation's latest transfer note was written before we asked. */
  since: number | null
  error: string | null
  done: boolean
}

export interface ConsoleState {
  me: AgentRef | null
  /** What the operator chose; the `agents` frame is the truth once it arrives. */
  status: 'online' | 'away'
  agents: readonly AgentPresence[]
  /** Every summary we have heard of, by id; the list shows the waiting and open ones. */
  conversations: ReadonlyMap<string, ConversationSummary>
  /** Highest seq the operator has looked at, per conversation: what unread counts are measured from. */
  seen: ReadonlyMap<string, number>
  /** Open tabs, in the order they were opened. */
  tabs: readonly string[]
  focused: string | null
  chats: ReadonlyMap<string, ChatView>
  /** By cid, for every conversation; a Map keeps them in the order they were written. */
  pending: ReadonlyMap<string, Pending>
  /** When the visitor of a watched conversation last said they were typing. */
  typing: ReadonlyMap<string, number>
  /** A hidden page sees nothing: messages arriving then stay unread. */
  visible: boolean
  transfer: TransferRequest | null
  notice: string | null
}

export type ConsoleAction =
  | { type: 'frame'; frame: ToAgent; at: number }
  | { type: 'open'; conv: string }
  | { type: 'focus'; conv: string }
  | { type: 'closeTab'; conv: string }
  | { type: 'draft'; conv: string; text: string }
  | { type: 'compose'; pending: Pending }
  | { type: 'status'; status: 'online' | 'away' }
  | { type: 'visible'; visible: boolean }
  | { type: 'transferSent'; conv: string }
  | { type: 'transferDone' }
  | { type: 'notice'; message: string }
  | { type: 'dismiss' }

export const initialState: ConsoleState = {
  me: null,
  status: 'online',
  agents: [],
  conversations: new Map(),
  seen: new Map(),
  tabs: [],
  focused: null,
  chats: new Map(),
  pending: new Map(),
  typing: new Map(),
  visible: true,
  transfer: null,
  notice: null,
}

const emptyChat: ChatView = { loaded: false, visitor: null, messages: new Map(), earlier: [], articles: [], draft: '' }

/** The conversation the operator is looking at right now, if any. */
export const lookingAt = (state: ConsoleState): string | null => (state.visible ? state.focused : null)

function markSeen(seen: ReadonlyMap<string, number>, conv: string, seq: number): ReadonlyMap<string, number> {
  if ((seen.get(conv) ?? 0) >= seq) return seen
  return new Map(seen).set(conv, seq)
}

const highestShown = (chat: ChatView | undefined) => Math.max(0, ...(chat ? chat.messages.keys() : []))

/** The focused chat is in view: everything it shows counts as seen. */
function seeFocused(state: ConsoleState): ConsoleState {
  const conv = lookingAt(state)
  return conv ? { ...state, seen: markSeen(state.seen, conv, highestShown(state.chats.get(conv))) } : state
}

function setChat(state: ConsoleState, conv: string, chat: ChatView): ConsoleState {
  return { ...state, chats: new Map(state.chats).set(conv, chat) }
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map
  const copy = new Map(map)
  copy.delete(key)
  return copy
}

/** Adds messages of one conversation: to its tab if it has one, dropping seqs already shown and the pending they confirm. */
function show(state: ConsoleState, conv: string, incoming: readonly Message[]): ConsoleState {
  const pending = new Map(state.pending)
  for (const message of incoming) pending.delete(message.cid)
  // A message from the visitor means they stopped typing it.
  const typing = incoming.some((m) => m.from === 'visitor') ? without(state.typing, conv) : state.typing
  let next: ConsoleState = { ...state, pending, typing }
  const chat = state.chats.get(conv)
  if (chat) {
    const messages = new Map(chat.messages)
    for (const message of incoming) if (!messages.has(message.seq)) messages.set(message.seq, message)
    next = setChat(next, conv, { ...chat, messages })
  }
  return conv === lookingAt(next) ? seeFocused(next) : next
}

function summarize(state: ConsoleState, conv: ConversationSummary): ConsoleState {
  const conversations = new Map(state.conversations).set(conv.id, conv)
  const asked = state.transfer
  // A newer transfer note on the conversation we asked about: the relay did it.
  const transfer = asked && asked.conv === conv.id && !asked.done && (conv.transfer?.at ?? null) !== asked.since ? { ...asked, done: true } : asked
  const typing = conv.status === 'closed' ? without(state.typing, conv.id) : state.typing
  return { ...state, conversations, transfer, typing }
}

function receive(state: ConsoleState, frame: ToAgent, at: number): ConsoleState {
  switch (frame.type) {
    case 'welcome': {
      const conversations = new Map(frame.conversations.map((c) => [c.id, c]))
      // A conversation closed while we were away is still in a tab; keep its header.
      for (const id of state.tabs) {
        const shown = state.conversations.get(id)
        if (shown && !conversations.has(id)) conversations.set(id, shown)
      }
      return { ...state, me: frame.agent, conversations }
    }
    case 'conv':
      return summarize(state, frame.conversation)
    case 'history': {
      const conv = frame.conversation.id
      const withSummary = summarize(state, frame.conversation)
      const chat = state.chats.get(conv)
      // The answer to an `open` whose tab has since been closed.
      if (!chat) return withSummary
      // A history is the whole truth from seq 1: it replaces what was shown (a new epoch, say).
      // A relay older than the knowledge base sends no `articles`.
      const articles = frame.articles ?? []
      const fresh: ChatView = { ...chat, loaded: true, visitor: frame.visitor, earlier: frame.earlier, articles, messages: new Map() }
      return show(setChat(withSummary, conv, fresh), conv, frame.messages)
    }
    case 'page':
      return show(state, frame.conv, frame.messages)
    case 'visitor': {
      let next = state
      for (const [conv, chat] of state.chats) if (chat.visitor?.id === frame.visitor.id) next = setChat(next, conv, { ...chat, visitor: frame.visitor })
      return next
    }
    case 'msg':
      return show(state, frame.message.conv, [frame.message])
    case 'ack': {
      const sent = state.pending.get(frame.cid)
      if (!sent) return state // already confirmed by a replay
      const message: Message = { conv: frame.conv, seq: frame.seq, cid: frame.cid, from: 'agent', text: sent.text, at: sent.at }
      if (state.me) message.name = state.me.name
      const next = show(state, frame.conv, [message])
      // Our own message is never unread, but only skip ahead when nothing lies between.
      const contiguous = (next.seen.get(frame.conv) ?? 0) + 1 === frame.seq
      return contiguous ? { ...next, seen: markSeen(next.seen, frame.conv, frame.seq) } : next
    }
    case 'error': {
      const refused = frame.cid === undefined ? undefined : state.pending.get(frame.cid)
      if (refused) return { ...state, pending: new Map(state.pending).set(refused.cid, { ...refused, error: frame.message }) }
      const asked = state.transfer
      if (asked && !asked.done && asked.error === null) return { ...state, transfer: { ...asked, error: frame.message } }
      return { ...state, notice: frame.message }
    }
    case 'agents': {
      const mine = state.me && frame.agents.find((a) => a.id === state.me?.id)
      const status = mine && mine.status !== 'offline' ? mine.status : state.status
      return { ...state, agents: frame.agents, status }
    }
    case 'typing':
      return { ...state, typing: frame.on ? new Map(state.typing).set(frame.conv, at) : without(state.typing, frame.conv) }
    case 'pong':
      return state
  }
}

function closeTab(state: ConsoleState, conv: string): ConsoleState {
  const index = state.tabs.indexOf(conv)
  if (index < 0) return state
  const tabs = state.tabs.filter((id) => id !== conv)
  const chats = new Map(state.chats)
  chats.delete(conv)
  // Focus moves to the tab that took its place, or the one before it when it was last.
  const focused = state.focused === conv ? (tabs[Math.min(index, tabs.length - 1)] ?? null) : state.focused
  return seeFocused({ ...state, tabs, chats, focused })
}

export function reduce(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'frame':
      return receive(state, action.frame, action.at)
    case 'open':
      if (state.tabs.includes(action.conv)) return reduce(state, { type: 'focus', conv: action.conv })
      return seeFocused({ ...setChat(state, action.conv, emptyChat), tabs: [...state.tabs, action.conv], focused: action.conv })
    case 'focus':
      return state.tabs.includes(action.conv) ? seeFocused({ ...state, focused: action.conv }) : state
    case 'closeTab':
      return closeTab(state, action.conv)
    case 'draft': {
      const chat = state.chats.get(action.conv)
      return chat ? setChat(state, action.conv, { ...chat, draft: action.text }) : state
    }
    case 'compose': {
      const next = { ...state, pending: new Map(state.pending).set(action.pending.cid, action.pending) }
      const chat = state.chats.get(action.pending.conv)
      return chat ? setChat(next, action.pending.conv, { ...chat, draft: '' }) : next
    }
    case 'status':
      return { ...state, status: action.status }
    case 'visible':
      return seeFocused({ ...state, visible: action.visible })
    case 'transferSent': {
      const since = state.conversations.get(action.conv)?.transfer?.at ?? null
      return { ...state, transfer: { conv: action.conv, since, error: null, done: false } }
    }
    case 'transferDone':
      return { ...state, transfer: null }
    case 'notice':
      return { ...state, notice: action.message }
    case 'dismiss':
      return { ...state, notice: null }
  }
}
