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
          <path d="M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 0 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z" />
        ) : (
          <path d={icon} />
        )}
      </svg>
      {unread > 0 && !open && <span class="badge" aria-hidden="true">{unread > 99 ? '99+' : unread}</span>}
    </button>
  )
}
