/**
 * @module widget/log-store — the session's Persistence in IndexedDB (idb-keyval), one database
 * per site: the visitor token, the newest messages, and each unacked message under its own key
 * (so two tabs writing at once never overwrite each other's outbox). IndexedDB can be missing
 * or refuse (private modes): then every call quietly does nothing and the chat still works.
 */
import { clear, createStore, del, entries, set, type UseStore } from 'idb-keyval'
import type { Outgoing, Snapshot } from './conversation.js'
import type { Persistence } from './session.js'

const OUTBOX_PREFIX = 'out:'

export function createLogStore(site: string): Persistence {
  let store: UseStore | undefined
  try {
    store = createStore(`parley-${site}`, 'log')
  } catch {
    store = undefined
  }
  const quietly = <T>(work: (s: UseStore) => Promise<T>, fallback: T): Promise<T> =>
    store ? work(store).catch(() => fallback) : Promise.resolve(fallback)

  return {
    async load() {
      const all = await quietly((s) => entries<string, unknown>(s), [])
      const found: { token?: string; snapshot?: Snapshot; outbox: Outgoing[] } = { outbox: [] }
      for (const [key, value] of all) {
        if (key === 'token' && typeof value === 'string') found.token = value
        else if (key === 'log') found.snapshot = value as Snapshot
        else if (key.startsWith(OUTBOX_PREFIX)) found.outbox.push(value as Outgoing)
      }
      return found
    },
    saveToken: (token) => void quietly((s) => set('token', token, s), undefined),
    saveSnapshot: (snapshot) => void quietly((s) => set('log', snapshot, s), undefined),
    addOutgoing: (item) => quietly((s) => set(OUTBOX_PREFIX + item.cid, item, s), undefined),
    removeOutgoing: (cid) => void quietly((s) => del(OUTBOX_PREFIX + cid, s), undefined),
    clear: () => quietly((s) => clear(s), undefined),
  }
}
