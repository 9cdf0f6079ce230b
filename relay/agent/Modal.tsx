/** @module relay/agent/Modal — a native modal <dialog>: focus moves in when it opens, Esc closes it, and focus goes back to where it was. */
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

interface ModalProps {
  label: string
  /** For tables that need the room (the webhooks report). */
  wide?: boolean
  onClose(): void
  children: ComponentChildren
}

export function Modal({ label, wide = false, onClose, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    const el = dialog.current
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    // showModal moves focus to the first control and keeps the page behind out of reach
    // until the dialog closes; the parent closes it by unmounting it.
    if (el && !el.open) el.showModal()
    return () => {
      if (el?.open) el.close()
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  return (
    <dialog
      ref={dialog}
      class={wide ? 'modal modal-wide' : 'modal'}
      aria-label={label}
      onCancel={(event) => {
        // Esc: let the parent unmount us, so there is one way a dialog closes.
        event.preventDefault()
        close.current()
      }}
    >
      <h2 class="modal-title">{label}</h2>
      {children}
      {/* Last in the DOM (shown top right), so focus starts on the dialog's own first control. */}
      <button type="button" class="modal-close" onClick={() => close.current()}>
        Close
      </button>
    </dialog>
  )
}
