/**
 * @module scripts/chaos/visitor — one visitor: the real widget session (widget/session.ts) in
 * Node, with an in-memory stand-in for IndexedDB and localStorage that outlives the session,
 * so a "reload" is a new session over the same device storage, as in a browser.
 */
import type { VisitorFrame } from '../../protocol/frames.js'
import type { Snapshot, Outgoing } from '../../widget/conversation.js'
import { createEmitter } from '../../widget/emitter.js'
import type { Memory } from '../../widget/link/link.js'
import { createSession, type Persistence, type Session, type SessionState } from '../../widget/session.js'
import type { Ledger } from './ledger.js'
import type { Trace } from './node-globals.js'

export interface VisitorOptions {
  name: string
  relay: string
  site: string
  /** Start on long-polling, as a page where WebSocket never worked remembers to. */
  longPoll: boolean
  ledger: Ledger
  /** Problems the session reported (for the failure report). */
  report(message: string): void
  /** With --trace: every change of link, outbox or shown messages. */
  trace?: Trace
}

/**
 * IndexedDB as idb-keyval's `entries()` returns it: the outbox in key order (`out:` + cid), not
 * in the order written, so the session's own sort is what keeps a reloaded outbox in order.
 */
function createDeviceLog(onWritten: (item: Outgoing) => void): Persistence {
  let token: string | undefined
  let snapshot: Snapshot | undefined
  const outbox = new Map<string, Outgoing>()
  return {
    async load() {
      const items = [...outbox.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => ({ ...item }))
      return { ...(token && { token }), ...(snapshot && { snapshot: structuredClone(snapshot) }), outbox: items }
    },
    saveToken(value) {
      token = value
    },
    saveSnapshot(value) {
      snapshot = structuredClone(value)
    },
    async addOutgoing(item) {
      outbox.set(item.cid, { ...item })
      onWritten(item)
    },
    removeOutgoing(cid) {
      outbox.delete(cid)
    },
    async clear() {
      token = undefined
      snapshot = undefined
      outbox.clear()
    },
  }
}

function createMemory(): Memory {
  const values = new Map<string, string>()
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
  }
}

export function createVisitor(options: VisitorOptions) {
  const { name, ledger } = options
  const device = createDeviceLog((item) => ledger.record({ cid: item.cid, sender: name, text: item.text }))
  const memory = createMemory()
  // The key and value widget/link/link.ts reads: "WebSocket never worked here", remembered just now.
  if (options.longPoll) memory.set(`parley:${options.site}:lp`, String(Date.now()))
  let reloads = 0
  let pendingReloads = 0
  let traced = ''
  const trace =
    options.trace &&
    ((state: SessionState) => {
      const items = state.items.map((item) => `${item.seq ?? '-'}:${item.cid.slice(0, 6)}`).join(' ')
      const line = `${name} ${state.link} via ${state.via}, ${state.waiting} unacked | ${items}`
      if (line !== traced) options.trace!((traced = line))
    })

  function open(): Session {
    const events = createEmitter((err) => options.report(`${name}: event handler threw: ${String(err)}`))
    return createSession({
      relay: options.relay,
      site: options.site,
      persistence: device,
      events,
      memory,
      page: () => undefined,
      report: (message) => options.report(`${name}: ${message}`),
      onChange: () => trace?.(session.getState()),
    })
  }

  let session: Session = open()

  return {
    name,
    longPoll: options.longPoll,
    connect: () => session.connect(),
    /** Writes `texts` in one turn of the event loop, as a page calling Parley('send') in a loop does. */
    send(texts: string[]): number {
      return texts.filter((text) => session.send(text)).length
    },
    /** Closes the page and opens it again over the same device storage; the outbox must survive. */
    async reload(): Promise<void> {
      reloads++
      const waiting = session.getState().waiting
      if (waiting > 0) pendingReloads++
      options.trace?.(`${name} reloads with ${waiting} unacked`)
      session.disconnect()
      session = open()
      await session.connect()
    },
    nudge: () => session.nudge(),
    /** What a page passes to Parley('context', …). */
    setContext: (data: Record<string, string>) => session.setContext(data),
    /** What the widget's own controls send: End chat, typing, the rating form. */
    tell: (frame: VisitorFrame) => session.tell(frame),
    /** What another tab of the page hands this one, the leader, to send. */
    forward: (frame: VisitorFrame) => session.forward(frame),
    state: (): SessionState => session.getState(),
    /** The conversation this page shows (null before its first message is acked). */
    conv: (): string | null => session.snapshot().conv,
    /** Nothing waits to be acked and the link is up. */
    settled(): boolean {
      const state = session.getState()
      return state.waiting === 0 && state.link === 'online'
    },
    close: () => session.disconnect(),
    get reloads(): number {
      return reloads
    },
    get pendingReloads(): number {
      return pendingReloads
    },
  }
}

export type Visitor = ReturnType<typeof createVisitor>
