/** @module widget/ui/EmailForm — nobody is online: the visitor may leave an email for the answer. */
import { EMAIL_PATTERN } from '../../protocol/limits.js'
import { email as WORDS } from '../i18n/current.js'
import type { View } from './view.js'

export { EMAIL_CSS } from './email-css.js'

export function EmailForm({ conv, view }: { conv: string; view: View }) {
  if (view.local.emailFor === conv) return <p class="hint">{WORDS.saved}</p>
  return (
    <form
      class="email"
      onSubmit={(e) => {
        e.preventDefault()
        const email = (e.currentTarget.elements.namedItem('email') as HTMLInputElement).value.trim()
        // The browser's own check (type="email") lets through addresses the relay refuses.
        if (!EMAIL_PATTERN.test(email)) return
        view.client.leaveEmail(email)
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
