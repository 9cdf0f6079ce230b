/** @module widget/ui/chime — one short beep for news, made with the Web Audio API (no audio file to load). */

/** News arriving together (a chat assigned and its first message) rings once. */
const QUIET_MS = 1_500

let context: AudioContext | undefined
let gestured = false
let lastAt = 0

/**
 * Browsers refuse sound until the user has interacted with the page, and a refused
 * AudioContext logs a warning; so the page waits for a first click or key press.
 * Returns the cleanup.
 */
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

/** Plays the beep; never throws, since a missing sound must not break the console. */
export function chime(now = Date.now()): void {
  if (!gestured || now - lastAt < QUIET_MS) return
  lastAt = now
  try {
    context ??= new AudioContext()
    if (context.state === 'suspended') context.resume().catch(() => {})
    const start = context.currentTime
    const tone = context.createOscillator()
    const volume = context.createGain()
    tone.type = 'sine'
    tone.frequency.setValueAtTime(880, start)
    // A quick fade in and out: a hard edge clicks in the speaker.
    volume.gain.setValueAtTime(0.0001, start)
    volume.gain.exponentialRampToValueAtTime(0.2, start + 0.02)
    volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.25)
    tone.connect(volume).connect(context.destination)
    tone.start(start)
    tone.stop(start + 0.3)
  } catch {
    // No audio device, or audio disabled by policy: the title and the counts still tell.
  }
}
