/** @module widget/ui/RatingPrompt — after a chat ends: 1 to 5 and an optional comment, given once. */
import { useState } from 'preact/hooks'
import type { VisitorState } from '../../protocol/frames.js'
import { MAX_NOTE_LENGTH } from '../../protocol/limits.js'
import { STRINGS } from './strings.js'

export function RatingPrompt({ state, onRate }: { state: VisitorState | undefined; onRate(score: number, comment: string): boolean }) {
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [sent, setSent] = useState(false)
  if (state?.status !== 'closed') return null
  if (state.rating || sent) {
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
        if (score > 0 && onRate(score, comment)) setSent(true)
      }}
    >
      <p>{STRINGS.closed}</p>
      <fieldset>
        <legend>{STRINGS.ratePrompt}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" class={n <= score ? 'star on' : 'star'} aria-label={STRINGS.rateStar(n)} aria-pressed={n === score} onClick={() => setScore(n)}>
            ★
          </button>
        ))}
      </fieldset>
      <textarea rows={2} maxLength={MAX_NOTE_LENGTH} aria-label={STRINGS.rateComment} placeholder={STRINGS.rateComment} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <button type="submit" class="send-rating" disabled={score === 0}>
        {STRINGS.rateSend}
      </button>
    </form>
  )
}
