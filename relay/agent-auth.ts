/** @module relay/agent-auth — operator login: password check, session tokens, the session cookie. */
import { parse } from 'hono/utils/cookie'
import { RelayError } from './errors.js'
import { hashPassword, hashToken, randomToken, verifyPassword } from './secrets.js'
import type { Agent, Store } from './store/index.js'

export const SESSION_COOKIE = 'parley_session'
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000 // one working day and a bit

// Checked against when the login is unknown, so a wrong login costs as long as a wrong password.
const DUMMY_HASH = hashPassword('not a real password')

export function createAgentAuth(store: Store) {
  return {
    /** Returns a fresh session token, or throws bad_credentials without saying which part was wrong. */
    login(login: string, password: string): { token: string; agent: Agent } {
      const agent = store.agents.get(login)
      const ok = verifyPassword(password, agent?.passwordHash ?? DUMMY_HASH)
      if (!agent || agent.removedAt !== null || !ok) throw new RelayError('bad_credentials', 'wrong login or password')
      const token = randomToken()
      store.agents.createSession(hashToken(token), agent.id, SESSION_TTL_MS)
      return { token, agent }
    },
    logout(token: string): void {
      store.agents.deleteSession(hashToken(token))
    },
    agentForToken(token: string | undefined): Agent | undefined {
      return token ? store.agents.agentForSession(hashToken(token)) : undefined
    },
    /** Reads the session cookie from a raw Cookie header (the WebSocket upgrade has no Hono context). */
    agentForCookieHeader(header: string | undefined): Agent | undefined {
      return header ? this.agentForToken(parse(header, SESSION_COOKIE)[SESSION_COOKIE]) : undefined
    },
  }
}

export type AgentAuth = ReturnType<typeof createAgentAuth>
