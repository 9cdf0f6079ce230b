/** @module relay/agent/Composer — where the operator writes: Enter sends, Shift+Enter starts a new line, and "/" at the start offers canned answers, inserted for editing, never sent as they are. */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks'
import { MAX_TEXT_LENGTH } from '../../protocol/index.js'
import type { CannedAnswer } from './api.js'
import { cannedQuery, matchCanned } from './canned-match.js'
import { CannedPicker, optionId } from './CannedPicker.js'
import { createTypingSignal } from '../../widget/ui/typing-signal.js'

interface ComposerProps {
  draft: string
  /** False when the operator may not write here; `note` says why. */
  enabled: boolean
  note: string | null
  canned: readonly CannedAnswer[]
  onDraft(text: string): void
  onSend(text: string): void
  onTyping(on: boolean): void
}

export function Composer({ draft, enabled, note, canned, onDraft, onSend, onTyping }: ComposerProps) {
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
  const offered = query === null ? [] : matchCanned(canned, query)
  const picking = offered.length > 0
  const chosen = Math.min(active, offered.length - 1)

  function edit(text: string): void {
    onDraft(text)
    setActive(0)
    if (cannedQuery(text) === null) setDismissed(false)
    if (text.trim()) typing.input()
    else typing.stop()
  }

  function insert(answer: CannedAnswer): void {
    edit(answer.text)
    const el = field.current
    if (!el) return
    el.focus()
    // After the render that puts the text in, so the caret lands at its end, ready to edit.
    requestAnimationFrame(() => el.setSelectionRange(el.value.length, el.value.length))
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
      const answer = offered[chosen]
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        const step = e.key === 'ArrowDown' ? 1 : -1
        return setActive((chosen + step + offered.length) % offered.length)
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && answer) {
        e.preventDefault()
        return insert(answer)
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        return setDismissed(true)
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e)
  }

  return (
    <form class="composer" onSubmit={submit}>
      {picking && <CannedPicker id={listId} answers={offered} active={chosen} onPick={insert} />}
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
        placeholder={enabled ? 'Write a reply… ("/" for canned answers)' : ''}
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
