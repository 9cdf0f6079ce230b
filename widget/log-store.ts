/**
 * @module widget/log-store — the session's Persistence in IndexedDB (idb-keyval), one database
 * per site: the visitor token, the newest messages, and each unacked message under its own key
 * (so two tabs writing at once never overwrite each other's outbox). IndexedDB can be missing
 * or refuse (private modes): then every call quietly does nothing and the chat still works.
 *
 * It uses idb-keyval's store and request promise only. Its get/set helpers also carry a default
 * database this widget never opens, and a cursor fallback for browsers without getAll (none
 * that run this widget's ES2020): the few lines below are what the widget needs of them.
 */
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval'
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
  const quietly = <T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => Promise<T>, fallback: T): Promise<T> =>
    store ? store(mode, work).catch(() => fallback) : Promise.resolve(fallback)
  /** Resolves once the change is committed (the transaction completes), not merely requested. */
  const write = (change: (s: IDBObjectStore) => unknown) =>
    quietly(
      'readwrite',
      (s) => {
        change(s)
        return promisifyRequest(s.transaction)
      },
      undefined,
    )

  return {
    async load() {
      const [keys, values] = await quietly('readonly', (s) => Promise.all([promisifyRequest(s.getAllKeys()), promisifyRequest(s.getAll())]), [[], []])
      const found: { token?: string; snapshot?: Snapshot; outbox: Outgoing[] } = { outbox: [] }
      keys.forEach((key, i) => {
        const value: unknown = values[i]
        if (key === 'token' && typeof value === 'string') found.token = value
        else if (key === 'log') found.snapshot = value as Snapshot
        else if (String(key).startsWith(OUTBOX_PREFIX)) found.outbox.push(value as Outgoing)
      })
      return found
    },
    saveToken: (token) => void write((s) => s.put(token, 'token')),
    saveSnapshot: (snapshot) => void write((s) => s.put(snapshot, 'log')),
    addOutgoing: (item) => write((s) => s.put(item, OUTBOX_PREFIX + item.cid)),
    removeOutgoing: (cid) => void write((s) => s.delete(OUTBOX_PREFIX + cid)),
    clear: () => write((s) => s.clear()),
  }
}
