/**
 * @module relay/presence — which operators are online, away or offline. An operator is online
 * while any of their agent-page tabs is connected (unless they chose "away"); when the last tab
 * goes, they stay as they were for a grace period (a reload must not reshuffle their chats),
 * then turn offline and `onOffline` hands their chats back to the queue. Who is past the grace
 * period is routing's call (agentsPastGrace); a sweep asks it a few times per grace period.
 * In the grace period they keep their chats but are given no new ones: no tab would show them.
 */
import type { AgentStatus } from '../protocol/index.js'
import { agentsPastGrace } from './routing.js'

export interface PresenceOptions {
  graceMs: number
  onChange(agentId: string): void
  onOffline(agentId: string): void
  now?: () => number
}

export function createPresence({ graceMs, onChange, onOffline, now = Date.now }: PresenceOptions) {
  const tabs = new Map<string, number>()
  const chosen = new Map<string, 'online' | 'away'>()
  const leftAt = new Map<string, number>() // last tab closed, grace running
  let sweep: ReturnType<typeof setInterval> | undefined

  function sweepGrace(): void {
    for (const agentId of agentsPastGrace(leftAt, now(), graceMs)) {
      leftAt.delete(agentId)
      chosen.delete(agentId)
      onChange(agentId)
      onOffline(agentId)
    }
    if (leftAt.size === 0) {
      clearInterval(sweep)
      sweep = undefined
    }
  }

  return {
    status(agentId: string): AgentStatus {
      if (!tabs.has(agentId) && !leftAt.has(agentId)) return 'offline'
      return chosen.get(agentId) ?? 'online'
    },
    /** Whether new chats may go to this operator: online, with a tab open to see them. */
    takesChats(agentId: string): boolean {
      return tabs.has(agentId) && this.status(agentId) === 'online'
    },
    connected(agentId: string): void {
      const first = !tabs.has(agentId) // from offline, or back within the grace period: routing may use them again
      leftAt.delete(agentId)
      tabs.set(agentId, (tabs.get(agentId) ?? 0) + 1)
      if (first) onChange(agentId)
    },
    disconnected(agentId: string): void {
      const left = (tabs.get(agentId) ?? 1) - 1
      if (left > 0) return void tabs.set(agentId, left)
      tabs.delete(agentId)
      leftAt.set(agentId, now())
      if (!sweep) {
        sweep = setInterval(sweepGrace, Math.max(50, Math.min(1000, graceMs / 4)))
        sweep.unref?.()
      }
    },
    setStatus(agentId: string, status: 'online' | 'away'): void {
      chosen.set(agentId, status)
      onChange(agentId)
    },
    /** Stops the sweep (the relay is shutting down). */
    close(): void {
      clearInterval(sweep)
      sweep = undefined
    },
  }
}

export type Presence = ReturnType<typeof createPresence>
