/** @module widget/ui/Launcher — the round button that opens the chat, with the unread count. */
import type { Ref } from 'preact'
import { STRINGS } from './strings.js'

interface Props {
  /** The chat icon's SVG path, lent by the loader (widget/handoff). */
  icon: string
  /** The closed launcher's label for an unread count, lent by the loader (widget/handoff). */
  label(unread: number): string
  open: boolean
  unread: number
  onToggle(): void
  buttonRef: Ref<HTMLButtonElement>
}

export function Launcher({ icon, label, open, unread, onToggle, buttonRef }: Props) {
  return (
    <button ref={buttonRef} type="button" class="launcher" part="launcher" aria-label={open ? STRINGS.closeChat : label(unread)} aria-expanded={open} onClick={onToggle}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        {open ? (
          // An X drawn as two strokes with round ends: the same shape as the outline it replaced, in a fifth of the path.
          <path d="M6.4 6.4l11.2 11.2m0-11.2L6.4 17.6" stroke="currentColor" stroke-width={2} stroke-linecap="round" />
        ) : (
          <path d={icon} />
        )}
      </svg>
      {unread > 0 && !open && <span class="badge" aria-hidden="true">{unread > 99 ? '99+' : unread}</span>}
    </button>
  )
}
