/** @module relay/agent/canned-match — which canned answers a "/…" at the start of the composer offers. */
import type { CannedAnswer } from './api.js'

/** How many the picker lists at most: more would not be read. */
export const MAX_OFFERED = 8

/** The words after "/" when the composer holds only a "/…" line, else null (no picker). */
export function cannedQuery(text: string): string | null {
  return /^\/[^\n]*$/.test(text) ? text.slice(1) : null
}

/** Answers whose shortcut starts with the query first, then those whose text contains it. */
export function matchCanned(answers: readonly CannedAnswer[], query: string): CannedAnswer[] {
  const wanted = query.trim().toLowerCase()
  const byShortcut = answers.filter((a) => a.shortcut.toLowerCase().startsWith(wanted))
  const byText = answers.filter((a) => !byShortcut.includes(a) && a.text.toLowerCase().includes(wanted))
  return [...byShortcut, ...byText].slice(0, MAX_OFFERED)
}
