/** @module relay/agent/CannedPicker — the list of canned answers that "/…" in the composer offers; the composer keeps focus and drives it with the arrow keys. */
import type { CannedAnswer } from './api.js'

interface PickerProps {
  id: string
  answers: CannedAnswer[]
  active: number
  onPick(answer: CannedAnswer): void
}

export const optionId = (list: string, index: number) => `${list}-${index}`

export function CannedPicker({ id, answers, active, onPick }: PickerProps) {
  return (
    <ul id={id} class="canned-picker" role="listbox" aria-label="Canned answers">
      {answers.map((answer, i) => (
        <li
          key={answer.id}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          // mousedown would take focus from the composer, which must keep it for typing on.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(answer)}
        >
          <span class="shortcut">/{answer.shortcut}</span>
          <span class="canned-text">{answer.text}</span>
        </li>
      ))}
    </ul>
  )
}
