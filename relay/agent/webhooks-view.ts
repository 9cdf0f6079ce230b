/** @module relay/agent/webhooks-view — how the supervisor's webhooks dialog words an endpoint and its failed deliveries, without the DOM. */
import type { WebhookEventType, WebhookFailure } from '../../protocol/index.js'

/** An empty list is the relay's way of saying "every type, present and future". */
export function eventsLabel(events: readonly WebhookEventType[]): string {
  return events.length === 0 ? 'all events' : events.join(', ')
}

/**
 * What the receiver answered last time. The relay's error already starts with "HTTP <status>"
 * when there was an answer; it is prefixed only when it does not, so the status is never lost.
 */
export function failureReason(failure: Pick<WebhookFailure, 'lastStatus' | 'lastError'>): string {
  const status = failure.lastStatus === null ? null : `HTTP ${failure.lastStatus}`
  const error = failure.lastError?.trim() || null
  if (status && error) return error.startsWith(status) ? error : `${status}: ${error}`
  return error ?? status ?? 'No response'
}

/** A delivery is either still retrying (with a next try) or given up (for good, at a time). */
export type FailureOutcome = { state: 'retrying'; at: number | null; label: string } | { state: 'gave-up'; at: number; label: string }

export function failureOutcome(failure: Pick<WebhookFailure, 'failedAt' | 'nextAttemptAt'>, when: (at: number) => string): FailureOutcome {
  if (failure.failedAt !== null) return { state: 'gave-up', at: failure.failedAt, label: `Gave up ${when(failure.failedAt)}` }
  // A retrying row always has a next try; "due" covers a relay that wrote none.
  const at = failure.nextAttemptAt
  return { state: 'retrying', at, label: at === null ? 'Next try due' : `Next try ${when(at)}` }
}

/** Newest first, as the relay sends them; sorted again so the dialog does not depend on it. */
export function newestFirst<T extends Pick<WebhookFailure, 'createdAt'>>(failures: readonly T[]): T[] {
  return [...failures].sort((a, b) => b.createdAt - a.createdAt)
}

/**
 * The command a supervisor runs to add an endpoint (the agent page cannot: the secret is shown
 * once, on the relay's console). With exactly one site in view its name is filled in.
 */
export function addCommand(sites: readonly string[]): string {
  const site = sites.length === 1 ? sites[0]! : '<site>'
  return `parley webhook add ${site} --url https://…`
}
