/**
 * @module widget/ui/StatusLine — where the visitor stands, in words: who they are chatting with,
 * their place in line and an honest wait estimate, or that nobody is online (then they may leave
 * an email for the answer).
 */
import { useState } from 'preact/hooks'
import type { VisitorState } from '../../protocol/frames.js'
import { STRINGS } from './strings.js'

function EmailForm({ onSave }: { onSave(email: string): boolean }) {
  const [email, setEmail] = useState('')
  const [saved, setSaved] = useState(false)
  if (saved) return <p class="hint">{STRINGS.emailSaved}</p>
  return (
    <form
      class="email"
      onSubmit={(e) => {
        e.preventDefault()
        if (onSave(email)) setSaved(true)
      }}
    >
      <label>
        {STRINGS.emailPrompt}
        <input type="email" required value={email} placeholder={STRINGS.emailLabel} aria-label={STRINGS.emailLabel} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <button type="submit">{STRINGS.emailSave}</button>
    </form>
  )
}

export function StatusLine({ state, onEmail }: { state: VisitorState | undefined; onEmail(email: string): boolean }) {
  if (!state || state.status === 'closed') return null
  if (state.status === 'open' && state.agent) return <p class="status-line">{STRINGS.withAgent(state.agent)}</p>
  if (!state.available) {
    return (
      <div class="status-line offline">
        <p>{STRINGS.nobodyOnline}</p>
        {state.status === 'waiting' && <EmailForm onSave={onEmail} />}
      </div>
    )
  }
  if (state.status === 'waiting' && state.position !== null) {
    return (
      <p class="status-line" data-position={state.position}>
        {STRINGS.queued(state.position)} · {state.eta === null ? STRINGS.etaUnknown : STRINGS.eta(state.eta)}
      </p>
    )
  }
  return null
}
