/**
 * @module scripts/bench/seed — bench databases, written through the relay's own store API before
 * the relay starts: a site, operators with session cookies (no scrypt login per operator), and
 * visitors with known tokens, their conversations and history, when a section needs them ready.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../relay/agent-auth.js'
import { hashPassword, hashToken, randomToken } from '../../relay/secrets.js'
import { openStore, type Store } from '../../relay/store/index.js'

export const BENCH_SITE = 'bench'
const OPERATOR_PASSWORD = 'bench operator password'

export interface BenchOperator {
  id: string
  /** The Cookie header that opens the agent socket. */
  cookie: string
}

export interface SeededVisitor {
  id: string
  token: string
  /** Their conversation and what a screen that shows all of it would say in `hello`. */
  conv?: string
  epoch?: string
  lastSeq: number
}

export interface BenchDb {
  path: string
  operators: BenchOperator[]
  /** The store, open for seeding; `close` it before the relay starts. */
  store: Store
  close(): void
  remove(): void
}

export function createBenchDb({ operators, capacity }: { operators: number; capacity: number }): BenchDb {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'))
  const path = join(dir, 'bench.db')
  const store = openStore(path)
  store.sites.add({ id: BENCH_SITE, secret: 'bench-secret-0123456789', origins: [] })
  const passwordHash = hashPassword(OPERATOR_PASSWORD) // once: scrypt costs ~50 ms
  const seeded = store.transaction(() =>
    Array.from({ length: operators }, (_, i) => {
      const id = `op${i}`
      store.agents.add({ id, name: `Operator ${i}`, passwordHash, skills: [], capacity, role: 'agent' })
      const token = randomToken()
      store.agents.createSession(hashToken(token), id, SESSION_TTL_MS)
      return { id, cookie: `${SESSION_COOKIE}=${token}` }
    }),
  )
  return {
    path,
    operators: seeded,
    store,
    close: () => store.close(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export interface VisitorPlan {
  count: number
  /** none: a visitor who never wrote; waiting: in the queue; open: with an operator (round robin). */
  conversation: 'none' | 'waiting' | 'open'
  /** Messages already in each conversation, alternating visitor and operator. */
  messages?: number
  /** Prefix of the visitor ids, so several plans can share one database. */
  prefix?: string
}

/** Visitors (and their conversations) in one transaction; returns what each one's widget would know. */
export function seedVisitors(db: BenchDb, plan: VisitorPlan): SeededVisitor[] {
  const { store } = db
  const prefix = plan.prefix ?? 'v'
  const messages = plan.conversation === 'none' ? 0 : Math.max(1, plan.messages ?? 1)
  const now = Date.now()
  return store.transaction(() =>
    Array.from({ length: plan.count }, (_, i): SeededVisitor => {
      const id = `${prefix}${i}`
      const token = randomToken()
      store.visitors.add({ id, siteId: BENCH_SITE, tokenHash: hashToken(token) }, now)
      if (plan.conversation === 'none') return { id, token, lastSeq: 0 }
      const conv = `${id}-c`
      const epoch = 'e1'
      store.conversations.create({ id: conv, siteId: BENCH_SITE, visitorId: id, epoch }, now)
      const agent = db.operators[i % db.operators.length]!.id
      if (plan.conversation === 'open') {
        store.conversations.assign(conv, agent, now)
        store.handovers.addHandler(conv, agent, now)
      }
      for (let seq = 1; seq <= messages; seq++) {
        const byVisitor = seq % 2 === 1 || plan.conversation !== 'open'
        const text = `${byVisitor ? 'visitor' : 'operator'} line ${seq} of a seeded conversation, about an order that has not arrived yet`
        store.messages.append({ conv, cid: `${id}-msg-${seq}`, from: byVisitor ? 'visitor' : 'agent', ...(!byVisitor && { agentId: agent }), text }, now)
      }
      return { id, token, conv, epoch, lastSeq: messages }
    }),
  )
}
