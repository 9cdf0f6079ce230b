/**
 * @module widget/problems — a part (PARTS in scripts/build.ts): what the console (and the page's
 * `error` handlers) read for each mistake the embedding page can make with `Parley(...)`. The widget
 * names a mistake by its code (widget/checks); only a page that makes one fetches these words.
 */
import { MAX_CONTEXT_KEYS, MAX_CONTEXT_KEY_LENGTH, MAX_CONTEXT_VALUE_LENGTH, MAX_IDENTITY_FIELD } from '../protocol/limits.js'
import { EVENTS } from './api.js'
import type { ProblemCode } from './checks.js'

export const PROBLEMS: Record<ProblemCode, (...args: string[]) => string> = {
  identify: () => 'identify takes { id, name?, email?, hash? }',
  context: () => 'context takes an object of strings, numbers and booleans',
  send: () => 'send takes a string',
  on: () => `on takes one of ${EVENTS.join(', ')} and a function`,
  verb: (verb = '') => `unknown call Parley(${JSON.stringify(verb).slice(0, 40)}); see the README for the verbs`,
  failed: (verb, error) => `Parley(${verb}) failed: ${error}`,
  id: () => `identify: id must be a non-empty string of at most ${MAX_IDENTITY_FIELD} characters`,
  names: () => `identify: name and email must be strings of at most ${MAX_IDENTITY_FIELD} characters`,
  hash: () => 'identify: hash must be the hex HMAC-SHA256 of id (64 characters)',
  keys: () => `context: at most ${MAX_CONTEXT_KEYS} keys`,
  key: () => `context: keys must be 1 to ${MAX_CONTEXT_KEY_LENGTH} characters`,
  value: (key) => `context: ${key} must be a string (at most ${MAX_CONTEXT_VALUE_LENGTH} characters), a number, a boolean or null`,
}
