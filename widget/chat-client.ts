/**
 * @module widget/chat-client — the session in a browser: IndexedDB for the log, one link per site
 * across tabs, wake-ups on `online` and `visibilitychange`, and the panel's own state (open,
 * unread). Publishes one immutable state object for the UI.
 */
import type { Message, Page } from '../protocol/frames.js'
import { MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../protocol/limits.js'
import type { WidgetConfig } from './config.js'
import type { Emitter } from './emitter.js'
import { writeHint, type Hint } from './hint.js'
import type { Memory } from './link/link.js'
import { hasGesture, listenForGesture } from './ui/gesture.js'
import { createLogStore } from './log-store.js'
import { createSession, type SessionState } from './session.js'
import { joinTabs } from './tabs.js'

export interface ChatState extends SessionState {
  open: boolean
  unread: number
}

function currentPage(): Page | undefined {
  if (!/^https?:/.test(location.protocol)) return undefined
  return { url: location.href.slice(0, MAX_URL_LENGTH), title: document.title.slice(0, MAX_TITLE_LENGTH) }
}

/** Runs a localStorage call that may throw (storage missing or refused): then it is null. */
const quietly = <T>(call: () => T): T | null => {
  try {
    return call()
  } catch {
    return null
  }
}

/**
 * Remembers "WebSocket never worked here" across page loads. Without storage nothing is
 * remembered: the next page load simply tries WebSocket first again.
 */
const memory: Memory = {
  get: (key) => quietly(() => localStorage.getItem(key)),
  set: (key, value) => void quietly(() => localStorage.setItem(key, value)),
  remove: (key) => void quietly(() => localStorage.removeItem(key)),
}

/** `readHint`: the loader's (widget/handoff), so the widget carries no copy. */
export function createChatClient(config: WidgetConfig, events: Emitter, report: (message: string) => void, readHint: () => Hint) {
  const listeners = new Set<() => void>()
  let open = false
  let unread = 0
  let state: ChatState

  const publish = () => {
    state = { ...session.getState(), open, unread }
    const active = state.items.length > 0 && state.conversation?.status !== 'closed'
    if (active !== hint.active || unread !== hint.unread) writeHint(config.site, (hint = { active, unread }))
    for (const listener of listeners) listener()
  }
  let hint = readHint()
  unread = hint.unread

  const session = createSession({
    relay: config.relay,
    site: config.site,
    persistence: createLogStore(config.site),
    events,
    report,
    page: currentPage,
    memory,
    onChange: publish,
    onRelayFrame: (frame) => tabs.post({ kind: 'frame', frame }),
    onOutgoing: (item) => tabs.post({ kind: 'send', item }),
    onForward: (frame) => tabs.post({ kind: 'forward', frame }),
  })
  state = { ...session.getState(), open, unread }

  events.on('message', (message) => {
    if (!open && (message as Message).from === 'agent') {
      unread++
      // One soft sound while the panel is closed, once the visitor has touched the page (browsers
      // refuse sound before). Its code is fetched with the first news that rings.
      if (hasGesture()) import('./ui/chime.js').then(({ chime }) => chime(), () => {})
      publish()
    }
  })

  const tabs = joinTabs(config.site, {
    lead: () => void session.connect(),
    receive(message) {
      if (session.connected) {
        if (message.kind === 'send') session.adopt(message.item)
        if (message.kind === 'forward') session.forward(message.frame)
        if (message.kind === 'hello') {
          const { link, via } = session.getState()
          tabs.post({ kind: 'snapshot', snapshot: session.snapshot(), state: link, via })
        }
        return
      }
      if (message.kind === 'frame') session.apply(message.frame)
      if (message.kind === 'link') session.setLink(message.state, message.via)
      if (message.kind === 'snapshot') {
        session.catchUp(message.snapshot)
        session.setLink(message.state, message.via)
      }
    },
  })
  // The leader tells the other tabs whenever its link changes.
  let postedLink = ''
  listeners.add(() => {
    const link = `${state.link}/${state.via}`
    if (!session.connected || link === postedLink) return
    postedLink = link
    tabs.post({ kind: 'link', state: state.link, via: state.via })
  })
  void session.restore().then(() => {
    if (!session.connected) tabs.post({ kind: 'hello' })
  })

  // Single-page apps change the URL without a reload; a cheap look each second notices, without
  // wrapping the page's own history methods.
  let shown = currentPage()
  setInterval(() => {
    const page = currentPage()
    if (!page || (page.url === shown?.url && page.title === shown?.title)) return
    shown = page
    session.movedTo(page)
  }, 1000)

  listenForGesture()
  addEventListener('online', () => session.nudge())
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && session.nudge())

  return {
    getState: (): ChatState => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setOpen(next: boolean): void {
      if (next === open) return
      open = next
      if (open) unread = 0
      publish()
      events.emit(open ? 'open' : 'close')
    },
    // The session's own methods: none of them reads `this`.
    send: session.send,
    tell: session.tell,
    identify: session.identify,
    setContext: session.setContext,
    /** Forgets this visitor on this device and starts over as a new anonymous one. */
    shutdown(): void {
      const leading = session.connected
      unread = 0
      void session.forget().then(() => {
        if (leading) void session.connect()
      })
    },
  }
}

export type ChatClient = ReturnType<typeof createChatClient>
