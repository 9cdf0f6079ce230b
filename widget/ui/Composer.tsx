/**
 * @module widget/ui/Composer — where the visitor writes. Enter sends, Shift+Enter starts a new
 * line. The text lives in the textarea itself: nothing to keep in step on every keystroke.
 */
import { MAX_TEXT_LENGTH } from '../../protocol/limits.js'
import { STRINGS } from './strings.js'
import type { View } from './view.js'

export function Composer({ view }: { view: View }) {
  return (
    <form
      class="composer"
      part="composer"
      onSubmit={(e) => {
        e.preventDefault()
        view.send()
      }}
    >
      <textarea
        ref={view.refs.composer}
        rows={1}
        maxLength={MAX_TEXT_LENGTH}
        placeholder={STRINGS.placeholder}
        aria-label={STRINGS.composerLabel}
        onInput={view.noteTyping}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return
          e.preventDefault()
          view.send()
        }}
      />
      <button type="submit">{STRINGS.send}</button>
    </form>
  )
}
