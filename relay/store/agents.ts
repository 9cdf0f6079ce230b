/** @module relay/store/agents — operators and their login sessions. */
import type { Db } from './database.js'
import type { OutsideCommits } from './outside-commits.js'

export type AgentRole = 'agent' | 'supervisor'

export interface Agent {
  id: string
  name: string
  passwordHash: string
  skills: string[]
  capacity: number
  role: AgentRole
  /** The sites whose conversations this operator sees and handles; empty: every site. */
  sites: string[]
  createdAt: number
  /** Set when removed: they cannot log in and get no chats, but their name stays on old messages. */
  removedAt: number | null
}

interface AgentRow {
  id: string
  name: string
  password_hash: string
  skills: string
  capacity: number
  role: AgentRole
  sites: string
  created_at: number
  removed_at: number | null
}

const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  name: row.name,
  passwordHash: row.password_hash,
  skills: JSON.parse(row.skills) as string[],
  capacity: row.capacity,
  role: row.role,
  sites: JSON.parse(row.sites) as string[],
  createdAt: row.created_at,
  removedAt: row.removed_at,
})

export function createAgentStore(db: Db, outside: OutsideCommits) {
  const insert = db.prepare(
    'INSERT INTO agents (id, name, password_hash, skills, capacity, role, sites, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const everyone = db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY id')
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM agents')
  const remove = db.prepare('UPDATE agents SET removed_at = ? WHERE id = ? AND removed_at IS NULL')
  const setPassword = db.prepare('UPDATE agents SET password_hash = ? WHERE id = ? AND removed_at IS NULL')
  const endSessions = db.prepare('DELETE FROM agent_sessions WHERE agent_id = ?')
  const insertSession = db.prepare('INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
  const sessionAgent = db.prepare<[string, number], AgentRow>(
    'SELECT agents.* FROM agent_sessions JOIN agents ON agents.id = agent_sessions.agent_id WHERE token_hash = ? AND expires_at > ? AND agents.removed_at IS NULL',
  )
  const deleteSession = db.prepare('DELETE FROM agent_sessions WHERE token_hash = ?')
  const deleteExpired = db.prepare('DELETE FROM agent_sessions WHERE expires_at <= ?')

  // The team is read for every visitor's state (online capacity, their operator's name), every
  // summary and every routing run, and changes a few times a day: kept in memory (removed
  // operators too, for their names on old chats), dropped on our own changes and on another
  // connection's commit.
  let team: { byId: Map<string, Agent>; active: Agent[] } | undefined
  let teamVersion = -1
  function knownTeam(): { byId: Map<string, Agent>; active: Agent[] } {
    const version = outside.version()
    if (!team || version !== teamVersion) {
      const agents = everyone.all().map(toAgent)
      team = { byId: new Map(agents.map((agent) => [agent.id, agent])), active: agents.filter((agent) => agent.removedAt === null) }
      teamVersion = version
    }
    return team
  }
  const changed = <F extends (...args: never[]) => unknown>(write: F): F =>
    ((...args: Parameters<F>) => {
      team = undefined
      return write(...args)
    }) as F

  return {
    add: changed((agent: Omit<Agent, 'createdAt' | 'removedAt' | 'sites'> & { sites?: string[] }, now = Date.now()): Agent => {
      const sites = agent.sites ?? []
      insert.run(agent.id, agent.name, agent.passwordHash, JSON.stringify(agent.skills), agent.capacity, agent.role, JSON.stringify(sites), now)
      return { ...agent, sites, createdAt: now, removedAt: null }
    }),
    /** Removes an operator and ends their sessions; false when there is no such (active) operator. */
    remove: changed(
      db.transaction((id: string, now: number = Date.now()): boolean => {
        if (remove.run(now, id).changes !== 1) return false
        endSessions.run(id)
        return true
      }),
    ),
    /** Sets a new password and ends every session made with the old one. */
    setPassword: changed(
      db.transaction((id: string, passwordHash: string): boolean => {
        if (setPassword.run(passwordHash, id).changes !== 1) return false
        endSessions.run(id)
        return true
      }),
    ),
    get: (id: string): Agent | undefined => knownTeam().byId.get(id),
    /** Active operators (removed ones are left out). */
    list: (): Agent[] => [...knownTeam().active],
    count: (): number => count.get()!.n,

    createSession(tokenHash: string, agentId: string, ttlMs: number, now = Date.now()): void {
      deleteExpired.run(now)
      insertSession.run(tokenHash, agentId, now, now + ttlMs)
    },
    agentForSession(tokenHash: string, now = Date.now()): Agent | undefined {
      const row = sessionAgent.get(tokenHash, now)
      return row && toAgent(row)
    },
    deleteSession(tokenHash: string): void {
      deleteSession.run(tokenHash)
    },
  }
}
