/**
 * @module widget/chat-client — the session in a browser: IndexedDB for the log, one link per site
 * across tabs, wake-ups on `online` and `visibilitychange`, and the panel's own state (open,
 * unread). Publishes one immutable state object for the UI.
 */
import type { Context, Message, Page, VisitorIdentify } from '../protocol/frames.js'
import { MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../protocol/limits.js'
import type { WidgetConfig } from './config.js'
import type { Emitter } from './emitter.js'
import { readHint, writeHint } from './hint.js'
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

/** Remembers "WebSocket never worked here" across page loads; storage may be missing. */
const memory = {
  get: (key: string) => {
    try {
      return localStorage.getItem(key)
    } catch {
      return null
    }
  },
  set: (key: string, value: string) => {
    try {
      localStorage.setItem(key, value)
    } catch {
      // not remembered: the next page load tries WebSocket first again
    }
  },
  remove: (key: string) => {
    try {
      localStorage.removeItem(key)
    } catch {
      // nothing to forget
    }
  },
}

export function createChatClient(config: WidgetConfig, events: Emitter, report: (message: string) => void) {
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
  let hint = readHint(config.site)
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
    send: (text: string, articles?: string[]): boolean => session.send(text, articles),
    endChat: (): void => session.endChat(),
    rate: (score: number, comment?: string): boolean => session.rate(score, comment),
    leaveEmail: (email: string): boolean => session.leaveEmail(email),
    typing: (on: boolean): void => session.typing(on),
    kbFeedback: (article: string, helped: boolean): void => session.kbFeedback(article, helped),
    identify: (frame: VisitorIdentify): void => session.identify(frame),
    setContext: (data: Context): void => session.setContext(data),
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
