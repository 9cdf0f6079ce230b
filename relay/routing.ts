/** @module relay/routing — who gets the next chat, and what the queue looks like; pure functions, time is passed in. */

export type AgentStatus = 'online' | 'away' | 'offline'

export interface RoutingAgent {
  id: string
  /** e.g. ['billing', 'ru']; matched against a chat's department without regard to case. */
  skills: readonly string[]
  /** Max concurrent chats. */
  capacity: number
  /** Only 'online' agents receive chats. */
  status: AgentStatus
  /** The sites this operator serves; absent or empty: every site of the relay. */
  sites?: readonly string[]
  /** Chats assigned now (status 'open'). */
  active: number
  /** ms; 0 if never. Tie-breaker: the one who waited longest gets the next chat. */
  lastAssignedAt: number
}

export interface RoutingChat {
  id: string
  /** From the visitor's context; matched against agent skills (case-insensitive). */
  department?: string
  /** VIP / priority context: goes ahead of the queue. */
  priority: boolean
  /** Returned to the queue because its operator went offline: goes to the front (after priority). */
  requeued: boolean
  /** ms when it entered the queue (FIFO within the same class). */
  queuedAt: number
  /** The site the visitor wrote from: only operators serving it may have the chat. */
  site?: string
}

export interface Assignment {
  chat: string
  agent: string
}

// Plain `<` rather than localeCompare: the order must not depend on the host's locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function serveOrder(a: RoutingChat, b: RoutingChat): number {
  if (a.priority !== b.priority) return a.priority ? -1 : 1
  if (a.requeued !== b.requeued) return a.requeued ? -1 : 1
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt
  return compareIds(a.id, b.id)
}

/** The queue in the order it is served: priority first, then requeued, then oldest queuedAt; ties by id for determinism. */
export function orderQueue(chats: readonly RoutingChat[]): RoutingChat[] {
  return [...chats].sort(serveOrder)
}

/** Whether an operator may see and handle a site's conversations. */
export function servesSite(agent: { sites?: readonly string[] }, site: string | undefined): boolean {
  return site === undefined || !agent.sites?.length || agent.sites.includes(site)
}

/** Whether two operators work on a common site (one who serves every site shares them all). */
export function sharesSite(a: { sites?: readonly string[] }, b: { sites?: readonly string[] }): boolean {
  return !a.sites?.length || !b.sites?.length || a.sites.some((site) => b.sites!.includes(site))
}

function hasRoom(agent: RoutingAgent): boolean {
  return agent.status === 'online' && agent.active < agent.capacity
}

function hasSkill(agent: RoutingAgent, department: string): boolean {
  const wanted = department.toLowerCase()
  return agent.skills.some((skill) => skill.toLowerCase() === wanted)
}

function byPreference(a: RoutingAgent, b: RoutingAgent): number {
  // Cross-multiplied so load ratios compare exactly, without float rounding.
  const ratio = a.active * b.capacity - b.active * a.capacity
  if (ratio !== 0) return ratio
  if (a.active !== b.active) return a.active - b.active
  if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt - b.lastAssignedAt
  return compareIds(a.id, b.id)
}

function best(candidates: readonly RoutingAgent[]): RoutingAgent | undefined {
  let chosen: RoutingAgent | undefined
  for (const agent of candidates) if (!chosen || byPreference(agent, chosen) < 0) chosen = agent
  return chosen
}

/** The best online agent with room for this chat, or undefined. Preference: an agent whose skills include the chat's department (if any such agent has room); otherwise any online agent with room. Among candidates: least busy (lowest active/capacity ratio, then lowest active), then oldest lastAssignedAt, then id. */
export function pickAgent(chat: RoutingChat, agents: readonly RoutingAgent[]): RoutingAgent | undefined {
  const open = agents.filter((agent) => hasRoom(agent) && servesSite(agent, chat.site))
  const department = chat.department
  if (department) {
    const skilled = best(open.filter((agent) => hasSkill(agent, department)))
    if (skilled) return skilled
  }
  // A chat nobody skilled can take still goes to someone: an answer beats a perfect match.
  return best(open)
}

/** Assigns as many waiting chats as possible, in queue order, updating loads as it goes (does not mutate inputs; returns the assignments in the order made). `now` becomes each chosen agent's lastAssignedAt for later picks within the same call. */
export function assignWaiting(queue: readonly RoutingChat[], agents: readonly RoutingAgent[], now: number): Assignment[] {
  let loads = agents.map((agent) => ({ ...agent }))
  const assigned = new Set<string>()
  const assignments: Assignment[] = []
  for (const chat of orderQueue(queue)) {
    // A chat listed twice (e.g. requeued while still queued) must not take two agents.
    if (assigned.has(chat.id)) continue
    const agent = pickAgent(chat, loads)
    if (!agent) {
      if (!loads.some(hasRoom)) break // nobody has room: no later chat can be served either
      continue // nobody with room serves this chat's site; a later chat, of another site, may be
    }
    assigned.add(chat.id)
    assignments.push({ chat: chat.id, agent: agent.id })
    loads = loads.map((a) => (a === agent ? { ...a, active: a.active + 1, lastAssignedAt: now } : a))
  }
  return assignments
}

/** 1-based queue positions in serving order. */
export function queuePositions(queue: readonly RoutingChat[]): Map<string, number> {
  const positions = new Map<string, number>()
  for (const chat of orderQueue(queue)) if (!positions.has(chat.id)) positions.set(chat.id, positions.size + 1)
  return positions
}

function median(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const upper = sorted[mid]
  if (upper === undefined) return undefined
  return sorted.length % 2 === 1 ? upper : (upper + (sorted[mid - 1] ?? upper)) / 2
}

/** Estimated wait in seconds for a chat at `position`, from recent real handling times (ms durations of recently closed chats) and the online capacity (sum of capacity of online agents). Returns null when it cannot be known honestly (no recent handling times, or no online capacity). Model: each slot frees up on average every median handling time, so the chat waits ceil(position / onlineCapacity) of those rounds. Rounded to whole seconds. */
export function estimateWaitSeconds(
  position: number,
  recentHandlingMs: readonly number[],
  onlineCapacity: number,
): number | null {
  // Median, not mean: one chat left open overnight must not inflate every estimate.
  const handlingMs = median(recentHandlingMs.filter((ms) => Number.isFinite(ms) && ms >= 0))
  if (handlingMs === undefined || !(onlineCapacity > 0) || !(position >= 1)) return null
  return Math.round((Math.ceil(position / onlineCapacity) * handlingMs) / 1000)
}

/** Whether a transfer may go to this agent now: the target exists, serves the chat's site, is not the current operator, is online, and has room. Returns { ok: true } or { ok: false, reason } with reason one of 'unknown_agent' | 'same_agent' | 'offline' | 'away' | 'busy'. */
export function checkTransferTarget(
  targetId: string,
  fromId: string,
  agents: readonly RoutingAgent[],
  site?: string,
): { ok: true } | { ok: false; reason: 'unknown_agent' | 'same_agent' | 'offline' | 'away' | 'busy' } {
  const target = agents.find((agent) => agent.id === targetId)
  // An operator of another site is, to this chat, nobody: their existence is not revealed.
  if (!target || !servesSite(target, site)) return { ok: false, reason: 'unknown_agent' }
  if (target.id === fromId) return { ok: false, reason: 'same_agent' }
  if (target.status !== 'online') return { ok: false, reason: target.status }
  if (target.active >= target.capacity) return { ok: false, reason: 'busy' }
  return { ok: true }
}

/** Where a transfer to a department goes: the best online agent with that skill and room (excluding the current operator), else undefined (then the relay queues the chat for the department). */
export function pickForDepartment(department: string, fromId: string, agents: readonly RoutingAgent[], site?: string): RoutingAgent | undefined {
  return best(agents.filter((agent) => agent.id !== fromId && hasRoom(agent) && hasSkill(agent, department) && servesSite(agent, site)))
}

/** Which agents' chats must return to the queue: agents whose status is 'offline' and whose offline time (offlineSince map: agent id -> ms) is at least graceMs before now. Earliest offline first, then by id. */
export function agentsPastGrace(offlineSince: ReadonlyMap<string, number>, now: number, graceMs: number): string[] {
  return [...offlineSince]
    .filter(([, since]) => now - since >= graceMs)
    .sort(([a, sinceA], [b, sinceB]) => sinceA - sinceB || compareIds(a, b))
    .map(([id]) => id)
}
