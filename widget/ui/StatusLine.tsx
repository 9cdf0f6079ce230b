/**
 * @module widget/ui/StatusLine — where the visitor stands, in words: who they are chatting with,
 * their place in line and an honest wait estimate, or that nobody is online (then they may leave
 * an email for the answer).
 */
import type { VisitorState } from '../../protocol/frames.js'
import { STRINGS } from './strings.js'
import type { View } from './view.js'

function EmailForm({ conv, view }: { conv: string; view: View }) {
  if (view.local.emailFor === conv) return <p class="hint">{STRINGS.emailSaved}</p>
  return (
    <form
      class="email"
      onSubmit={(e) => {
        e.preventDefault()
        const email = (e.currentTarget.elements.namedItem('email') as HTMLInputElement).value
        if (view.client.leaveEmail(email)) view.formSent({ emailFor: conv })
      }}
    >
      <label>
        {STRINGS.emailPrompt}
        <input name="email" type="email" required placeholder={STRINGS.emailLabel} aria-label={STRINGS.emailLabel} />
      </label>
      <button type="submit">{STRINGS.emailSave}</button>
    </form>
  )
}

export function StatusLine({ state, view }: { state: VisitorState | undefined; view: View }) {
  if (!state || state.status === 'closed') return null
  if (state.status === 'open' && state.agent) return <p class="status-line">{STRINGS.withAgent(state.agent)}</p>
  if (!state.available) {
    return (
      <div class="status-line offline">
        <p>{STRINGS.nobodyOnline}</p>
        {state.status === 'waiting' && state.conv && <EmailForm conv={state.conv} view={view} />}
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
