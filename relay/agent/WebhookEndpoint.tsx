/** @module relay/agent/WebhookEndpoint — one webhook endpoint in the supervisor's dialog: where it posts, for which site and events, its delivery counts and its recent failures. No secret: the relay never sends it. */
import type { WebhookEndpointReport } from './api.js'
import { dateTime, dateTimeSeconds } from './labels.js'
import { WebhookFailures } from './WebhookFailures.js'
import { eventsLabel } from './webhooks-view.js'

const When = ({ at, format }: { at: number; format(at: number): string }) => <time dateTime={new Date(at).toISOString()}>{format(at)}</time>

export function WebhookEndpoint({ endpoint }: { endpoint: WebhookEndpointReport }) {
  return (
    <li class="webhook">
      <h3 class="webhook-url">{endpoint.url}</h3>
      <dl class="webhook-facts">
        <div>
          <dt>Site</dt>
          <dd>{endpoint.site}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{eventsLabel(endpoint.events)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <When at={endpoint.createdAt} format={dateTime} />
          </dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd>{endpoint.pending}</dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd>{endpoint.delivered}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{endpoint.failed}</dd>
        </div>
        <div>
          <dt>Last delivered</dt>
          <dd>{endpoint.lastDeliveredAt === null ? 'never' : <When at={endpoint.lastDeliveredAt} format={dateTimeSeconds} />}</dd>
        </div>
      </dl>
      <WebhookFailures failures={endpoint.failures} />
    </li>
  )
}
