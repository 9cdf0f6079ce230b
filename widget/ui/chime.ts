/**
 * @module widget/ui/chime — one short beep for news, made with the Web Audio API (no audio file
 * to load). The widget fetches this module with the first news that rings.
 */
import { hasGesture } from './gesture.js'

/** News arriving together (a chat assigned and its first message) rings once. */
const QUIET_MS = 1_500

let context: AudioContext | undefined
let lastAt = 0

/** Plays the beep; never throws, since a missing sound must not break the console. */
export function chime(now = Date.now()): void {
  if (!hasGesture() || now - lastAt < QUIET_MS) return
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
