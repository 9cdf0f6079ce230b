/**
 * @module widget/ui/EmailForm — nobody is online: says so, and in a waiting conversation offers to
 * leave an email for the answer. A part: fetched when a visitor first finds nobody online.
 */
import type { VisitorState } from '../../protocol/frames.js'
import { EMAIL_PATTERN } from '../../protocol/limits.js'
import { email as WORDS } from '../i18n/current.js'
import type { View } from './view.js'

export { EMAIL_CSS } from './email-css.js'

export function Offline({ state, view }: { state: VisitorState; view: View }) {
  const conv = state.status === 'waiting' && state.conv
  return (
    <div class="status-line offline">
      <p>{WORDS.nobodyOnline}</p>
      {conv && (view.local.emailFor === conv ? <p class="hint">{WORDS.saved}</p> : <EmailForm conv={conv} view={view} />)}
    </div>
  )
}

function EmailForm({ conv, view }: { conv: string; view: View }) {
  return (
    <form
      class="email"
      onSubmit={(e) => {
        e.preventDefault()
        const email = (e.currentTarget.elements.namedItem('email') as HTMLInputElement).value.trim()
        // The browser's own check (type="email") lets through addresses the relay refuses.
        if (!EMAIL_PATTERN.test(email)) return
        view.client.tell({ type: 'contact', email })
        view.formSent({ emailFor: conv })
      }}
    >
      <label>
        {WORDS.prompt}
        <input name="email" type="email" required placeholder={WORDS.label} aria-label={WORDS.label} />
      </label>
      <button type="submit">{WORDS.save}</button>
    </form>
  )
}
