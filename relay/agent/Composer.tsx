/** @module relay/agent/Composer — where the operator writes: Enter sends, Shift+Enter starts a new line, and "/" at the start offers canned answers and the site's knowledge-base articles, inserted for editing, never sent as they are. */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks'
import { MAX_TEXT_LENGTH } from '../../protocol/index.js'
import { fetchArticle, type CannedAnswer } from './api.js'
import { cannedQuery } from './canned-match.js'
import { CannedPicker, optionId } from './CannedPicker.js'
import { articleReply, kbSearchTerms, offerAnswers, stepThrough, type PickerItem } from './picker-items.js'
import { useKbSearch } from './use-kb-search.js'
import { createTypingSignal } from '../../widget/ui/typing-signal.js'

interface ComposerProps {
  draft: string
  /** False when the operator may not write here; `note` says why. */
  enabled: boolean
  note: string | null
  canned: readonly CannedAnswer[]
  /** The chat's site: whose knowledge base "/…" searches. Unknown until the chat has loaded. */
  site: string | undefined
  onDraft(text: string): void
  onSend(text: string): void
  onTyping(on: boolean): void
}

/** What the picker says below its options about the knowledge-base search, if anything. */
function searchStatus(terms: string | null, found: number, search: { loading: boolean; error: string }): string {
  if (search.error) return `Knowledge base: ${search.error}`
  if (terms === null || found > 0) return ''
  return search.loading ? 'Searching the knowledge base…' : 'No canned answers or articles match.'
}

export function Composer({ draft, enabled, note, canned, site, onDraft, onSend, onTyping }: ComposerProps) {
  const [problem, setProblem] = useState('')
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState(false)
  const field = useRef<HTMLTextAreaElement>(null)
  const ids = useId()
  const listId = `${ids}-canned`
  const noteId = `${ids}-note`

  const emit = useRef(onTyping)
  emit.current = onTyping
  const typing = useMemo(() => createTypingSignal((on) => emit.current(on)), [])
  // Leaving the tab (the composer is keyed by conversation) ends the typing.
  useEffect(() => () => typing.stop(), [typing])

  const query = enabled && !dismissed ? cannedQuery(draft) : null
  const terms = kbSearchTerms(query)
  const search = useKbSearch(site === undefined ? null : terms, site)
  const offered = query === null ? [] : offerAnswers(canned, query, terms === null ? [] : search.hits)
  const status = query === null ? '' : searchStatus(terms, offered.length, search)
  const picking = offered.length > 0
  const shown = picking || status !== ''
  const chosen = Math.min(active, offered.length - 1)

  function edit(text: string): void {
    onDraft(text)
    setActive(0)
    if (cannedQuery(text) === null) setDismissed(false)
    if (text.trim()) typing.input()
    else typing.stop()
  }

  function put(text: string): void {
    edit(text)
    const el = field.current
    if (!el?.isConnected) return
    el.focus()
    // After the render that puts the text in, so the caret lands at its end, ready to edit.
    requestAnimationFrame(() => el.setSelectionRange(el.value.length, el.value.length))
  }

  /** A canned answer goes in as it is; an article's whole body is fetched first (the picker shows a snippet), as plain text. */
  async function insert(item: PickerItem): Promise<void> {
    if (item.kind === 'canned') return put(item.answer.text)
    try {
      put(articleReply((await fetchArticle(item.article.site, item.article.id)).body))
      setProblem('')
    } catch (err) {
      setProblem(`Could not insert "${item.article.title}": ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  function submit(event: Event): void {
    event.preventDefault()
    const clean = draft.trim()
    if (!clean || !enabled) return
    // maxLength stops typing but not every paste path; the relay would refuse it anyway.
    if (clean.length > MAX_TEXT_LENGTH) return setProblem(`A message can be at most ${MAX_TEXT_LENGTH} characters.`)
    setProblem('')
    typing.stop()
    onSend(clean)
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (picking) {
      const item = offered[chosen]
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        return setActive(stepThrough(chosen, e.key === 'ArrowDown' ? 1 : -1, offered.length))
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && item) {
        e.preventDefault()
        return void insert(item)
      }
    }
    if (e.key === 'Escape' && shown) {
      // Closes the picker only: the draft and the chat stay as they are.
      e.preventDefault()
      e.stopPropagation()
      return setDismissed(true)
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      // "/refund" is a search until the knowledge base has answered, not a message to send.
      if (terms !== null && search.loading) return e.preventDefault()
      submit(e)
    }
  }

  return (
    <form class="composer" onSubmit={submit}>
      {shown && <CannedPicker id={listId} items={offered} active={chosen} status={status} onPick={(item) => void insert(item)} />}
      <textarea
        ref={field}
        aria-label="Reply"
        aria-describedby={note ? noteId : undefined}
        aria-controls={picking ? listId : undefined}
        aria-activedescendant={picking ? optionId(listId, chosen) : undefined}
        rows={3}
        value={draft}
        disabled={!enabled}
        maxLength={MAX_TEXT_LENGTH}
        placeholder={enabled ? 'Write a reply… ("/" searches canned answers and articles)' : ''}
        onInput={(e) => edit(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => typing.stop()}
      />
      <button type="submit" disabled={!enabled}>
        Send
      </button>
      {note && (
        <p id={noteId} class="composer-note">
          {note}
        </p>
      )}
      {draft.length > MAX_TEXT_LENGTH * 0.9 && (
        <span class="count">
          {draft.length}/{MAX_TEXT_LENGTH}
        </span>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
