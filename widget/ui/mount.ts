/** @module widget/ui/mount — renders the widget into the shadow root where the loader painted its launcher. */
import type { ChatClient } from '../chat-client.js'
import type { Handoff } from '../handoff.js'
import { WIDGET_CSS } from './styles.js'
import { startView } from './view.js'

export function mountWidget(handoff: Handoff, client: ChatClient): void {
  afterPress(handoff, () => {
    const { root, open, addStyles } = handoff
    const hadFocus = root.activeElement !== null
    // The loader's launcher goes (the widget draws its own in the same place); its styles stay.
    root.querySelector('.root')?.remove()
    addStyles(WIDGET_CSS)
    startView(handoff, client)
    if (hadFocus && !open) root.querySelector<HTMLElement>('.launcher')?.focus()
  })
}

/**
 * Runs `then` once the loader's launcher is not being pressed. Hovering fetches the widget, so it
 * can arrive between the press and the release of a click: swapping the button then would
 * swallow the click. Waiting lets the click land on the loader's button, which records it in
 * `open`. Touch can leave `:active` set after a press that became a scroll, hence the cap.
 */
function afterPress({ root, open }: Handoff, then: () => void): void {
  if (open || !root.querySelector('.launcher:active')) return then()
  const ends = ['pointerup', 'pointercancel', 'keyup'] as const
  let done = false
  const released = () => {
    if (done) return
    done = true
    for (const type of ends) removeEventListener(type, released, true)
    setTimeout(then) // after the click that follows the release in the same input task
  }
  for (const type of ends) addEventListener(type, released, true)
  setTimeout(released, 1000)
}
