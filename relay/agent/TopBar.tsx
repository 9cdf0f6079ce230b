/** @module relay/agent/TopBar — the console header: who is logged in, their status, the link state, the panels and logging out. */
import type { Link } from './use-console.js'

export const TITLE = 'Parley — agent'

interface TopBarProps {
  name: string
  status: 'online' | 'away'
  link: Link
  onStatus(status: 'online' | 'away'): void
  onCanned(): void
  onRatings(): void
  onLogOut(): void
}

export function TopBar({ name, status, link, onStatus, onCanned, onRatings, onLogOut }: TopBarProps) {
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
      <button type="button" onClick={onLogOut}>
        Log out
      </button>
    </header>
  )
}
