/** @module widget/ui/EmailForm — nobody is online: the visitor may leave an email for the answer. */
import { STRINGS } from './strings.js'
import type { View } from './view.js'

export { EMAIL_CSS } from './email-css.js'

export function EmailForm({ conv, view }: { conv: string; view: View }) {
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
