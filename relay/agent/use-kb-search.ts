/** @module relay/agent/use-kb-search — asks the relay for knowledge-base articles once typing pauses, and drops answers to questions no longer asked. */
import { useEffect, useState } from 'preact/hooks'
import { searchKb, type KbHit } from './api.js'

/** Long enough to skip the keystrokes of a word being typed, short enough to feel live. */
export const KB_SEARCH_DELAY_MS = 250

export interface KbSearch {
  /** The latest answer; while a newer question is on its way, the previous one stays (no flicker). */
  hits: KbHit[]
  /** A newer question than `hits` answers is waiting or on its way. */
  loading: boolean
  /** The relay's reason when the latest question failed, else ''. */
  error: string
}

interface Answer {
  key: string
  hits: KbHit[]
  error: string
}

const NOTHING: Answer = { key: '', hits: [], error: '' }

/**
 * Searches `site` (undefined: every site the operator serves) for `q`; null `q` asks nothing and
 * clears the answer. A blank `q` is the listing. `version` asks the same question again (after a change).
 */
export function useKbSearch(q: string | null, site: string | undefined, version = 0): KbSearch {
  const key = q === null ? '' : JSON.stringify([site ?? null, q, version])
  const [answer, setAnswer] = useState<Answer>(NOTHING)

  useEffect(() => {
    // Forget the last answer, so a question asked later never shows another one's articles.
    if (q === null) return setAnswer(NOTHING)
    const controller = new AbortController()
    const timer = setTimeout(() => {
      searchKb({ q, site }, controller.signal).then(
        (hits) => setAnswer({ key, hits, error: '' }),
        (err: Error) => {
          if (!controller.signal.aborted) setAnswer({ key, hits: [], error: err.message })
        },
      )
    }, KB_SEARCH_DELAY_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [key])

  if (q === null) return { hits: [], loading: false, error: '' }
  const current = answer.key === key
  return { hits: answer.hits, loading: !current, error: current ? answer.error : '' }
}
