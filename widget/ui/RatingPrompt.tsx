/** @module widget/ui/RatingPrompt — after a chat ends: 1 to 5 and an optional comment, given once. */
import type { VisitorState } from '../../protocol/frames.js'
import { MAX_NOTE_LENGTH } from '../../protocol/limits.js'
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
        {state.rating ? STRINGS.rated : STRINGS.sending}
      </p>
    )
  }
  return (
    <form
      class="rating"
      aria-label={STRINGS.ratePrompt}
      onSubmit={(e) => {
        e.preventDefault()
        const comment = (e.currentTarget.elements.namedItem('comment') as HTMLTextAreaElement).value
        if (score > 0 && view.client.rate(score, comment)) view.formSent({ rating: { conv, score, sent: true } })
      }}
    >
      <p>{STRINGS.closed}</p>
      <fieldset>
        <legend>{STRINGS.ratePrompt}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            class={n <= score ? 'star on' : 'star'}
            aria-label={STRINGS.rateStar(n)}
            aria-pressed={n === score}
            onClick={() => view.update({ rating: { conv, score: n } })}
          >
            ★
          </button>
        ))}
      </fieldset>
      <textarea name="comment" rows={2} maxLength={MAX_NOTE_LENGTH} aria-label={STRINGS.rateComment} placeholder={STRINGS.rateComment} />
      <button type="submit" class="send-rating" disabled={score === 0}>
        {STRINGS.rateSend}
      </button>
    </form>
  )
}
