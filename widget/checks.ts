/**
 * @module widget/checks — quick checks on what the host page passes to the API, so a mistake is
 * reported at once instead of being re-sent on every connect. The relay's validator (protocol/
 * validate.ts) has the last word; this stays small because every visitor downloads it. What the
 * visitor types into the widget's own forms is checked by those forms (widget/ui/EmailForm,
 * RatingPrompt), which are fetched only when shown.
 */
import type { VisitorFrame } from '../protocol/frames.js'
import { MAX_CONTEXT_KEYS, MAX_CONTEXT_KEY_LENGTH, MAX_CONTEXT_VALUE_LENGTH, MAX_IDENTITY_FIELD } from '../protocol/limits.js'

const longText = (value: unknown, max: number) => typeof value !== 'string' || value.length > max

/** What is wrong with the frame, or undefined when it may go. */
export function problemWith(frame: VisitorFrame): string | undefined {
  switch (frame.type) {
    case 'identify': {
      const { id, name, email, hash } = frame
      if (longText(id, MAX_IDENTITY_FIELD) || !id.trim()) return `id must be a non-empty string of at most ${MAX_IDENTITY_FIELD} characters`
      if ([name, email].some((field) => field !== undefined && longText(field, MAX_IDENTITY_FIELD))) return `name and email must be strings of at most ${MAX_IDENTITY_FIELD} characters`
      if (hash !== undefined && !/^[0-9a-f]{64}$/i.test(String(hash))) return 'hash must be the hex HMAC-SHA256 of id (64 characters)'
      return undefined
    }
    case 'context': {
      const entries = Object.entries(frame.data)
      if (entries.length > MAX_CONTEXT_KEYS) return `at most ${MAX_CONTEXT_KEYS} keys`
      for (const [key, value] of entries) {
        if (!key || key.length > MAX_CONTEXT_KEY_LENGTH) return `keys must be 1 to ${MAX_CONTEXT_KEY_LENGTH} characters`
        const ok = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || !longText(value, MAX_CONTEXT_VALUE_LENGTH)
        if (!ok) return `${key} must be a string (at most ${MAX_CONTEXT_VALUE_LENGTH} characters), a number, a boolean or null`
      }
      return undefined
    }
  }
  return undefined
}
