/** @module relay/agent/CannedDialog — manages the team's canned answers (stored on the relay): list, add, edit, delete, with the relay's own error messages. */
import { useState } from 'preact/hooks'
import { MAX_TEXT_LENGTH } from '../../protocol/index.js'
import { deleteCanned, saveCanned, type CannedAnswer } from './api.js'
import { Modal } from './Modal.js'

interface CannedProps {
  answers: readonly CannedAnswer[]
  /** Called after every change, so the composer offers what is stored. */
  onChanged(): Promise<void>
  onClose(): void
}

export function CannedDialog({ answers, onChanged, onClose }: CannedProps) {
  const [editing, setEditing] = useState<CannedAnswer | null>(null)
  const [shortcut, setShortcut] = useState('')
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  function edit(answer: CannedAnswer | null): void {
    setEditing(answer)
    setShortcut(answer?.shortcut ?? '')
    setText(answer?.text ?? '')
    setError('')
  }

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    setBusy(true)
    setError('')
    try {
      await work()
      await onChanged()
      return true
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      return false
    } finally {
      setBusy(false)
    }
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault()
    const answer = { shortcut: shortcut.trim().replace(/^\//, ''), text: text.trim() }
    if (await run(() => saveCanned(answer, editing?.id))) edit(null)
  }

  async function remove(answer: CannedAnswer): Promise<void> {
    if (await run(() => deleteCanned(answer.id))) {
      if (editing?.id === answer.id) edit(null)
    }
  }

  return (
    <Modal label="Canned answers" onClose={onClose}>
      {answers.length === 0 ? (
        <p class="none">No canned answers yet.</p>
      ) : (
        <ul class="canned-list">
          {answers.map((answer) => (
            <li key={answer.id}>
              <span class="shortcut">/{answer.shortcut}</span>
              <span class="canned-text">{answer.text}</span>
              <span class="row-actions">
                <button type="button" aria-label={`Edit /${answer.shortcut}`} disabled={busy} onClick={() => edit(answer)}>
                  Edit
                </button>
                <button type="button" aria-label={`Delete /${answer.shortcut}`} disabled={busy} onClick={() => void remove(answer)}>
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form class="canned-form" onSubmit={submit}>
        <h3>{editing ? `Edit /${editing.shortcut}` : 'New canned answer'}</h3>
        <label class="field">
          <span>Shortcut</span>
          <input value={shortcut} required maxLength={33} autocomplete="off" onInput={(e) => setShortcut(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Text</span>
          <textarea rows={3} required maxLength={MAX_TEXT_LENGTH} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class="primary" disabled={busy}>
            {editing ? 'Save' : 'Add'}
          </button>
          {editing && (
            <button type="button" onClick={() => edit(null)}>
              Cancel edit
            </button>
          )}
        </div>
      </form>
    </Modal>
  )
}
