/**
 * @module widget/ui/gesture — whether the visitor (or operator) has touched the page yet. Browsers
 * refuse sound until then, and a refused AudioContext logs a warning, so the chime waits for it.
 */
let gestured = false

export const hasGesture = (): boolean => gestured

/** Listens for a first click or key press. Returns the cleanup. */
export function listenForGesture(): () => void {
  const done = () => {
    gestured = true
    stop()
  }
  const stop = () => {
    window.removeEventListener('pointerdown', done, true)
    window.removeEventListener('keydown', done, true)
  }
  window.addEventListener('pointerdown', done, true)
  window.addEventListener('keydown', done, true)
  return stop
}
