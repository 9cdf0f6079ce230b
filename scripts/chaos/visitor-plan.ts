/**
 * @module scripts/chaos/visitor-plan — what each visitor does during the run and when: its
 * messages spread over the span (now and then two in one turn, as a page calling
 * Parley('send') in a loop does), and reloads right after writing, while the outbox still holds
 * the message.
 */
import type { Random } from './prng.js'
import type { Visitor } from './visitor.js'

export interface VisitorStep {
  /** When, in ms from the start of the span. */
  at: number
  texts: string[]
  /** Reload the page this many ms after writing (0: in the same turn, before anything went out). */
  reloadAfter?: number
}

/** Share of steps that write two messages in one turn (same millisecond, most of the time). */
const BURST_SHARE = 0.15

export function planVisitor(random: Random, name: string, messages: number, spanMs: number, reloads: number): VisitorStep[] {
  const steps: VisitorStep[] = []
  let written = 0
  while (written < messages) {
    const size = messages - written >= 2 && random.chance(BURST_SHARE) ? 2 : 1
    const texts = Array.from({ length: size }, () => `${name} #${++written}`)
    steps.push({ at: 0, texts })
  }
  // Sends spread over the whole span; the first at once, so every conversation exists early.
  const times = steps.map((_, i) => (i === 0 ? 0 : random.between(0, spanMs))).sort((a, b) => a - b)
  steps.forEach((step, i) => (step.at = times[i]!))
  const later = steps.slice(1)
  for (const step of random.shuffle(later).slice(0, reloads)) step.reloadAfter = random.chance(0.5) ? 0 : random.int(1, 40)
  return steps
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

/** Plays a plan against a visitor; one step at a time, so a reload finishes before the next write. */
export async function playVisitor(visitor: Visitor, steps: readonly VisitorStep[], start: number): Promise<void> {
  for (const step of steps) {
    await sleep(start + step.at - performance.now())
    visitor.send(step.texts)
    if (step.reloadAfter === undefined) continue
    // 0 closes in this very turn: the message is on the device but has not gone out yet.
    if (step.reloadAfter > 0) await sleep(step.reloadAfter)
    await visitor.reload()
  }
}
