/** @module relay/agent/WebhooksDialog — the supervisor's view of webhook deliveries (issue 8: failures visible to a supervisor): each endpoint of the sites they serve, its counts and recent failures, refreshed on demand. */
import { useEffect, useState } from 'preact/hooks'
import { fetchWebhooks, type WebhookEndpointReport } from './api.js'
import { dateTimeSeconds } from './labels.js'
import { Modal } from './Modal.js'
import { WebhookEndpoint } from './WebhookEndpoint.js'
import { addCommand } from './webhooks-view.js'

type Loaded = { endpoints: WebhookEndpointReport[]; at: number }

interface WebhooksDialogProps {
  /** Sites the console has seen chats of: with exactly one, the "add" command names it. */
  sites: readonly string[]
  onClose(): void
}

export function WebhooksDialog({ sites, onClose }: WebhooksDialogProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(true)
  // Bumped by Refresh, so the report is asked for again.
  const [version, setVersion] = useState(0)

  useEffect(() => {
    let alive = true
    setLoading(true)
    fetchWebhooks()
      .then(
        (endpoints) => {
          if (!alive) return
          setLoaded({ endpoints, at: Date.now() })
          setError('')
        },
        // The last report stays on screen under the error: it is still the best we know.
        (err: Error) => alive && setError(err.message),
      )
      .finally(() => alive && setLoading(false))
    return () => {
      alive = false
    }
  }, [version])

  return (
    <Modal label="Webhooks" wide onClose={onClose}>
      <div class="webhooks-bar">
        {/* Never disabled while loading: a focused button that turns disabled drops focus out of the dialog. */}
        <button type="button" onClick={() => setVersion((v) => v + 1)}>
          Refresh
        </button>
        <p class="webhooks-updated" role="status">
          {loading ? 'Loading…' : loaded ? `Updated ${dateTimeSeconds(loaded.at)}` : ''}
        </p>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {loaded &&
        (loaded.endpoints.length === 0 ? (
          <div class="webhooks-empty">
            <p class="none">No webhook endpoints yet. Add one on the relay's command line, and a site's own server hears what happens in its chats:</p>
            <pre>
              <code>{addCommand(sites)}</code>
            </pre>
          </div>
        ) : (
          <ul class="webhook-list" aria-label="Endpoints" aria-busy={loading}>
            {loaded.endpoints.map((endpoint) => (
              <WebhookEndpoint key={endpoint.id} endpoint={endpoint} />
            ))}
          </ul>
        ))}
    </Modal>
  )
}
