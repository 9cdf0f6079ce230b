/** @module widget/ui/RatingPrompt — after a chat ends: 1 to 5 and an optional comment, given once. */
import type { VisitorState } from '../../protocol/frames.js'
import { MAX_NOTE_LENGTH } from '../../protocol/limits.js'
import { rating as WORDS } from '../i18n/current.js'
import { STRINGS } from './strings.js'
import type { View } from './view.js'

export { RATING_CSS } from './rating-css.js'

export function RatingPrompt({ state, view }: { state: VisitorState | undefined; view: View }) {
  if (state?.status !== 'closed' || !state.conv) return null
  const conv = state.conv
  const picked = view.local.rating?.conv === conv ? view.local.rating : undefined
  const score = picked?.score ?? 0
  if (state.rating || picked?.sent) {
    return (
      <p class="rating done" role="status">
        {state.rating ? WORDS.thanks : STRINGS.sending}
      </p>
    )
  }
  return (
    <form
      class="rating"
      aria-label={WORDS.prompt}
      onSubmit={(e) => {
        e.preventDefault()
        const comment = (e.currentTarget.elements.namedItem('comment') as HTMLTextAreaElement).value.trim()
        if (!score) return
        view.client.tell({ type: 'rate', conv, score, ...(comment && { comment }) })
        view.formSent({ rating: { conv, score, sent: true } })
      }}
    >
      <p>{WORDS.closed}</p>
      <fieldset>
        <legend>{WORDS.prompt}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            class={n <= score ? 'star on' : 'star'}
            aria-label={WORDS.star(n)}
            aria-pressed={n === score}
            onClick={() => view.update({ rating: { conv, score: n } })}
          >
            ★
          </button>
        ))}
      </fieldset>
      <textarea name="comment" rows={2} maxLength={MAX_NOTE_LENGTH} aria-label={WORDS.comment} placeholder={WORDS.comment} />
      <button type="submit" class="send-rating" disabled={score === 0}>
        {WORDS.send}
      </button>
    </form>
  )
}
