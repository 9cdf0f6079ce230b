/** @module relay/agent/TopBar — the console header: who is logged in, their status, the link state, the panels (the knowledge base and webhooks for supervisors only) and logging out. */
import type { Link } from './use-console.js'

export const TITLE = 'Parley — agent'

interface TopBarProps {
  name: string
  status: 'online' | 'away'
  link: Link
  onStatus(status: 'online' | 'away'): void
  onCanned(): void
  onRatings(): void
  /** Present for supervisors: only they may change the knowledge base. */
  onKb?: () => void
  /** Present for supervisors: only they may see webhook deliveries. */
  onWebhooks?: () => void
  onLogOut(): void
}

export function TopBar({ name, status, link, onStatus, onCanned, onRatings, onKb, onWebhooks, onLogOut }: TopBarProps) {
  return (
    <header class="topbar">
      <h1>{TITLE}</h1>
      <span class="me">{name}</span>
      <select
        class="status-pick"
        aria-label="Status"
        data-status={status}
        value={status}
        onChange={(e) => onStatus(e.currentTarget.value === 'away' ? 'away' : 'online')}
      >
        <option value="online">Online</option>
        <option value="away">Away</option>
      </select>
      <span class="link" data-state={link} role="status">
        {link}
      </span>
      <button type="button" onClick={onCanned}>
        Canned answers
      </button>
      <button type="button" onClick={onRatings}>
        Ratings
      </button>
      {onKb && (
        <button type="button" onClick={onKb}>
          Knowledge base
        </button>
      )}
      {onWebhooks && (
        <button type="button" onClick={onWebhooks}>
          Webhooks
        </button>
      )}
      <button type="button" onClick={onLogOut}>
        Log out
      </button>
    </header>
  )
}
