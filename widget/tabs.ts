/**
 * @module widget/tabs — one connection per site across a visitor's tabs. The tab holding the Web
 * Lock leads: it owns the link and passes every relay frame and its link state to the other tabs
 * over a BroadcastChannel; the others hand it their messages (already in IndexedDB) to send. When
 * the leader's tab closes, the lock passes to another tab, which picks the outbox up from
 * IndexedDB. Without Web Locks every tab leads alone: still nothing is stored twice, since the
 * relay keeps each client id once.
 */
import type { ToVisitor, VisitorFrame } from '../protocol/frames.js'
import type { Outgoing, Snapshot } from './conversation.js'
import type { Via } from './link/link.js'
import type { LinkState } from './link/socket.js'

export type TabMessage =
  | { kind: 'frame'; frame: ToVisitor }
  | { kind: 'link'; state: LinkState; via: Via }
  | { kind: 'send'; item: Outgoing }
  | { kind: 'forward'; frame: VisitorFrame }
  | { kind: 'hello' }
  | { kind: 'snapshot'; snapshot: Snapshot; state: LinkState; via: Via }

export interface TabHandlers {
  /** This tab now holds the lock: connect. */
  lead(): void
  /** A message from another tab of the same site. */
  receive(message: TabMessage): void
}

export function joinTabs(site: string, handlers: TabHandlers) {
  const name = `parley:${site}`
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined

  if (channel) channel.onmessage = (event: MessageEvent<TabMessage>) => handlers.receive(event.data)

  if (channel && typeof navigator !== 'undefined' && navigator.locks) {
    // The callback runs once this tab holds the lock, and keeps it until the tab goes away.
    void navigator.locks.request(name, () => {
      handlers.lead()
      return new Promise<void>(() => {})
    })
  } else {
    handlers.lead()
  }

  return {
    post(message: TabMessage): void {
      channel?.postMessage(message)
    },
  }
}
