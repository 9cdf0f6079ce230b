/**
 * @module widget/checks — quick checks on what the host page passes to the API, so a mistake is
 * reported at once instead of being re-sent on every connect. The relay's validator (protocol/
 * validate.ts) has the last word; this stays small because every visitor downloads it: a mistake
 * is named by its code, and the words for it are fetched only when one is made (widget/problems).
 * What the visitor types into the widget's own forms is checked by those forms (widget/ui/
 * EmailForm, RatingPrompt), which are fetched only when shown.
 */
import type { VisitorFrame } from '../protocol/frames.js'
import { MAX_CONTEXT_KEYS, MAX_CONTEXT_KEY_LENGTH, MAX_CONTEXT_VALUE_LENGTH, MAX_IDENTITY_FIELD } from '../protocol/limits.js'

/** A mistake the embedding page made with `Parley(...)`, by code; widget/problems words each. */
export type ProblemCode = 'identify' | 'context' | 'send' | 'on' | 'verb' | 'failed' | 'id' | 'names' | 'hash' | 'keys' | 'key' | 'value'
/** The code and what the words name (the verb, the context key…). */
export type Problem = [code: ProblemCode, ...args: string[]]

const longText = (value: unknown, max: number) => typeof value !== 'string' || value.length > max

/** What is wrong with the frame, or undefined when it may go. */
export function problemWith(frame: VisitorFrame): Problem | undefined {
  switch (frame.type) {
    case 'identify': {
      const { id, name, email, hash } = frame
      if (longText(id, MAX_IDENTITY_FIELD) || !id.trim()) return ['id']
      if ([name, email].some((field) => field !== undefined && longText(field, MAX_IDENTITY_FIELD))) return ['names']
      if (hash !== undefined && !/^[0-9a-f]{64}$/i.test(String(hash))) return ['hash']
      return undefined
    }
    case 'context': {
      const entries = Object.entries(frame.data)
      if (entries.length > MAX_CONTEXT_KEYS) return ['keys']
      for (const [key, value] of entries) {
        if (!key || key.length > MAX_CONTEXT_KEY_LENGTH) return ['key']
        const ok = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || !longText(value, MAX_CONTEXT_VALUE_LENGTH)
        if (!ok) return ['value', key]
      }
      return undefined
    }
  }
  return undefined
}
