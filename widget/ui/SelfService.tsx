/**
 * @module widget/ui/SelfService — self-service (issue 8), fetched the first time a visitor with no
 * conversation going on types a question: up to three matching articles above the composer, an
 * article read inside the panel (as text), "Did this answer your question?", and "Talk to a person"
 * beside them all, which sends the question to the queue with the articles read. Focus moves only
 * when the visitor acts: into an article they open, back to the composer after.
 */
import { KB_ARTICLES_PATH, KB_MAX_SEEN, KB_SEARCH_PATH, type KbArticleResponse, type KbSearchResponse, type KbSuggestion } from '../../protocol/kb.js'
import { LANG, selfService as WORDS } from '../i18n/current.js'
import { createKbSearch } from '../kb-search.js'
import { articleBody } from './kb-text.js'
import { LinkedText } from './LinkedText.js'
import type { SelfServiceState } from './self-service.js'
import type { View } from './view.js'

export { SELF_SERVICE_CSS } from './self-service-css.js'

/** Suggestions shown: a glance above the composer, not a search page. */
const SHOWN = 3
/** Article bodies kept, by id: going back and forth between suggestions asks once. */
const BODIES_KEPT = 20

// One widget per page: the part keeps the view it serves (set by each call in).
let view: View
const bodies = new Map<string, string>()

const kb = (): SelfServiceState => view.local.kb ?? { shown: [], seen: [] }
const set = (patch: Partial<SelfServiceState>) => view.update({ kb: { ...kb(), ...patch } })

function getJson<T>(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams({ site: view.config.site, ...params })
  return fetch(`${view.config.relay}${path}?${query}`, signal && { signal }).then((res) => (res.ok ? (res.json() as Promise<T>) : Promise.reject(new Error(`${res.status}`))))
}

const search = createKbSearch({
  request: (q, signal) => getJson<KbSearchResponse>(KB_SEARCH_PATH, { q, lang: LANG }, signal).then((body) => body.articles),
  // Not after the question went out (view.send drops the state): an answer may still be on its way.
  onResults: (_, articles) => view.local.kb && set({ shown: articles.slice(0, SHOWN) }),
})

const focus = (selector: string) => view.refs.root.current?.querySelector<HTMLElement>(selector)?.focus()
const toComposer = () => view.refs.composer.current?.focus()

/** The composer's text changed (widget/ui/self-service, the trigger). */
export function typed(current: View, text: string): void {
  view = current
  // A fresh start (the last question went out): forget the query it was.
  if (!view.local.kb) search.cancel()
  const state = kb()
  // They asked for a person: no more suggestions for this question.
  if (state.note === 'ask') return
  const searching = text.trim().length >= 3
  if (searching) search.typed(text)
  else search.cancel()
  // Stale suggestions stay until new ones arrive; a thanks goes once the visitor writes again.
  if (!view.local.kb || state.note || (!searching && state.shown.length > 0)) set({ note: undefined, shown: searching ? state.shown : [] })
}

function openArticle(article: KbSuggestion): void {
  const { seen } = kb()
  set({ open: { ...article, body: bodies.get(article.id) }, seen: seen.includes(article.id) ? seen : [...seen, article.id].slice(-KB_MAX_SEEN) })
  focus('#kb-title')
  if (bodies.has(article.id)) return
  getJson<KbArticleResponse>(`${KB_ARTICLES_PATH}/${encodeURIComponent(article.id)}`, {}).then(
    ({ article: { body } }) => {
      bodies.set(article.id, body)
      if (bodies.size > BODIES_KEPT) bodies.delete(bodies.keys().next().value!)
      const open = kb().open
      if (open?.id === article.id) set({ open: { ...open, body } })
    },
    () => {}, // the snippet stays: the visitor can still answer, or ask a person
  )
}

/** Straight to the queue with the question and the articles read; with no question yet, asks for it. */
function talk(): void {
  search.cancel()
  if (view.refs.composer.current?.value.trim()) view.send()
  else set({ open: undefined, shown: [], note: 'ask' })
  // The button pressed is gone either way: focus stays in the widget, where the visitor writes.
  toComposer()
}

function answer(helped: boolean): void {
  view.client.tell({ type: 'kb_feedback', article: kb().open!.id, helped })
  if (!helped) return talk()
  // Answered: the panel is empty again, and the visitor can still write.
  search.cancel()
  const composer = view.refs.composer.current
  if (composer) composer.value = ''
  set({ open: undefined, shown: [], note: 'thanks' })
  toComposer()
}

function back(): void {
  set({ open: undefined })
  toComposer()
}

const Talk = () => (
  <button type="button" class="kb-talk" onClick={talk}>
    {WORDS.talk}
  </button>
)

export function SelfService({ view: current }: { view: View }) {
  view = current
  const state = view.local.kb
  if (!state) return null
  const { open, shown, note } = state
  if (open) {
    return (
      <section class="kb-article" aria-labelledby="kb-title">
        <button type="button" class="kb-back" onClick={back}>
          {WORDS.back}
        </button>
        <h3 id="kb-title" tabIndex={-1}>
          {open.title}
        </h3>
        <div class="kb-body">
          {articleBody(open.title, open.body ?? open.snippet).map((paragraph, i) => (
            <p key={i}>
              <LinkedText text={paragraph} />
            </p>
          ))}
        </div>
        <div class="kb-answer" role="group" aria-labelledby="kb-answered">
          <span id="kb-answered">{WORDS.answered}</span>
          <button type="button" onClick={() => answer(true)}>
            {WORDS.yes}
          </button>
          <button type="button" onClick={() => answer(false)}>
            {WORDS.no}
          </button>
        </div>
        <Talk />
      </section>
    )
  }
  const listed = !note && shown.length > 0
  return (
    <div class="kb">
      {/* Always drawn, so screen readers hear it change: the suggestions arriving, the thanks. */}
      <p class="kb-note" id="kb-suggested" role="status">
        {note ? WORDS[note] : listed ? WORDS.suggested : ''}
      </p>
      {listed && (
        <>
          <ul aria-labelledby="kb-suggested">
            {shown.map((article) => (
              <li key={article.id}>
                <button type="button" class="kb-pick" onClick={() => openArticle(article)}>
                  {article.title}
                </button>
              </li>
            ))}
          </ul>
          <Talk />
        </>
      )}
    </div>
  )
}
