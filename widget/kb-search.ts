/**
 * @module widget/kb-search — knowledge-base suggestions while the visitor types (issue 8): asks
 * only after a pause in typing, drops the request a newer keystroke made stale, and answers a
 * query asked before from memory. DOM-free: the request and the timer are handed in.
 */
import type { KbSuggestion } from '../protocol/kb.js'

/** The pause in typing after which the relay is asked. */
export const KB_SEARCH_DELAY_MS = 300
/** Queries remembered; the oldest is forgotten past this. */
export const KB_SEARCH_CACHE = 50

export interface KbSearchOptions {
  /** Asks the relay; may reject (aborted, link down): then nothing is shown for that query. */
  request(query: string, signal: AbortSignal): Promise<KbSuggestion[]>
  /** Suggestions for the query typed last, and only for it. */
  onResults(query: string, articles: KbSuggestion[]): void
  /** Runs `run` after `ms`; returns a cancel. */
  after?(ms: number, run: () => void): () => void
}

const realAfter = (ms: number, run: () => void) => {
  const timer = setTimeout(run, ms)
  return () => clearTimeout(timer)
}

/** Case and spacing do not change what the relay finds, so they do not make another query. */
export const normalQuery = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase()

export function createKbSearch({ request, onResults, after = realAfter }: KbSearchOptions) {
  const cache = new Map<string, KbSuggestion[]>()
  let latest = ''
  let cancelWait = () => {}
  let inflight: AbortController | undefined

  function stop(): void {
    cancelWait()
    inflight?.abort()
    inflight = undefined
  }

  function ask(query: string): void {
    const controller = (inflight = new AbortController())
    request(query, controller.signal).then(
      (articles) => {
        cache.delete(query) // re-inserted: the most recently asked is forgotten last
        cache.set(query, articles)
        if (cache.size > KB_SEARCH_CACHE) cache.delete(cache.keys().next().value!)
        if (query === latest && !controller.signal.aborted) onResults(query, articles)
      },
      () => {},
    )
  }

  return {
    /** What the composer holds now. */
    typed(text: string): void {
      const query = normalQuery(text)
      if (query === latest) return
      latest = query
      stop()
      const known = cache.get(query)
      if (known) onResults(query, known)
      else cancelWait = after(KB_SEARCH_DELAY_MS, () => ask(query))
    },
    /** Nothing to search for any more (the text got short, or the visitor asked a person). */
    cancel(): void {
      latest = ''
      stop()
    },
  }
}

export type KbSearch = ReturnType<typeof createKbSearch>
