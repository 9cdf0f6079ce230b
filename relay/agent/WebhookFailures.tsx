/** @module relay/agent/WebhookFailures — one endpoint's recent failed deliveries, newest first: the event, how many tries, what the receiver answered, and the next try or when it was given up. */
import type { WebhookFailure } from './api.js'
import { dateTimeSeconds } from './labels.js'
import { failureOutcome, failureReason, newestFirst } from './webhooks-view.js'

export function WebhookFailures({ failures }: { failures: readonly WebhookFailure[] }) {
  if (failures.length === 0) return <p class="none">No failed deliveries.</p>
  return (
    <table class="ratings webhook-failures">
      <caption>Recent failures</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Tries</th>
          <th scope="col">Last answer</th>
          <th scope="col">Next try or gave up</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst(failures).map((failure) => {
          const outcome = failureOutcome(failure, dateTimeSeconds)
          return (
            // An event goes to an endpoint once, so its id names the row.
            <tr key={failure.eventId} data-state={outcome.state}>
              <th scope="row">
                <span class="webhook-type">{failure.type}</span> <code class="webhook-id">{failure.eventId}</code>
              </th>
              <td>{failure.attempts}</td>
              <td class="webhook-reason">{failureReason(failure)}</td>
              <td class="webhook-outcome">
                {outcome.at === null ? outcome.label : <time dateTime={new Date(outcome.at).toISOString()}>{outcome.label}</time>}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
