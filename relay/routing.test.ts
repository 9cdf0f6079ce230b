import assert from 'node:assert/strict'
import { mulberry32 } from '../scripts/chaos/prng.js'
import { describe, it } from 'node:test'
import {
  agentsPastGrace,
  assignWaiting,
  checkTransferTarget,
  estimateWaitSeconds,
  orderQueue,
  pickAgent,
  pickForDepartment,
  queuePositions,
  servesSite,
  sharesSite,
  type RoutingAgent,
  type RoutingChat,
} from './routing.js'

function agent(id: string, over: Partial<RoutingAgent> = {}): RoutingAgent {
  return { id, skills: [], capacity: 3, status: 'online', active: 0, lastAssignedAt: 0, ...over }
}

function chat(id: string, over: Partial<RoutingChat> = {}): RoutingChat {
  return { id, priority: false, requeued: false, queuedAt: 1000, ...over }
}

const ids = (chats: readonly RoutingChat[]) => chats.map((c) => c.id)

describe('orderQueue', () => {
  it('serves equal chats first in, first out', () => {
    const queue = [chat('c', { queuedAt: 30 }), chat('a', { queuedAt: 10 }), chat('b', { queuedAt: 20 })]
    assert.deepEqual(ids(orderQueue(queue)), ['a', 'b', 'c'])
  })

  it('breaks a tie in queuedAt by id', () => {
    assert.deepEqual(ids(orderQueue([chat('b'), chat('a')])), ['a', 'b'])
  })

  it('puts priority chats ahead of older ones', () => {
    const queue = [chat('old', { queuedAt: 1 }), chat('vip', { queuedAt: 99, priority: true })]
    assert.deepEqual(ids(orderQueue(queue)), ['vip', 'old'])
  })

  it('puts requeued chats ahead of normal ones but after priority ones', () => {
    const queue = [
      chat('normal', { queuedAt: 1 }),
      chat('back', { queuedAt: 50, requeued: true }),
      chat('vip', { queuedAt: 99, priority: true }),
    ]
    assert.deepEqual(ids(orderQueue(queue)), ['vip', 'back', 'normal'])
  })

  it('does not reorder the array it is given', () => {
    const queue = [chat('b', { queuedAt: 2 }), chat('a', { queuedAt: 1 })]
    orderQueue(queue)
    assert.deepEqual(ids(queue), ['b', 'a'])
  })
})

describe('pickAgent', () => {
  it('prefers an agent whose skills match the department', () => {
    const agents = [agent('general'), agent('biller', { skills: ['billing'], active: 2 })]
    assert.equal(pickAgent(chat('c', { department: 'billing' }), agents)?.id, 'biller')
  })

  it('matches the department without regard to case', () => {
    const agents = [agent('general'), agent('biller', { skills: ['Billing'] })]
    assert.equal(pickAgent(chat('c', { department: 'BILLING' }), agents)?.id, 'biller')
  })

  it('falls back to any online agent when no skilled agent has room', () => {
    const agents = [agent('general', { active: 2 }), agent('biller', { skills: ['billing'], active: 3 })]
    assert.equal(pickAgent(chat('c', { department: 'billing' }), agents)?.id, 'general')
  })

  it('falls back to any online agent when nobody has the skill', () => {
    assert.equal(pickAgent(chat('c', { department: 'legal' }), [agent('general')])?.id, 'general')
  })

  it('takes the least busy agent by load ratio', () => {
    const agents = [agent('half', { capacity: 2, active: 1 }), agent('third', { capacity: 6, active: 2 })]
    assert.equal(pickAgent(chat('c'), agents)?.id, 'third')
  })

  it('takes the agent with fewer chats when load ratios are equal', () => {
    const agents = [agent('two', { capacity: 4, active: 2 }), agent('one', { capacity: 2, active: 1 })]
    assert.equal(pickAgent(chat('c'), agents)?.id, 'one')
  })

  it('takes the agent who has waited longest when loads are equal', () => {
    const agents = [agent('recent', { lastAssignedAt: 500 }), agent('waited', { lastAssignedAt: 100 })]
    assert.equal(pickAgent(chat('c'), agents)?.id, 'waited')
  })

  it('breaks a full tie by id', () => {
    assert.equal(pickAgent(chat('c'), [agent('b'), agent('a')])?.id, 'a')
  })

  it('never picks an agent at capacity', () => {
    const agents = [agent('full', { capacity: 2, active: 2, skills: ['billing'] }), agent('zero', { capacity: 0 })]
    assert.equal(pickAgent(chat('c', { department: 'billing' }), agents), undefined)
  })

  it('never picks an away or offline agent', () => {
    const agents = [agent('away', { status: 'away' }), agent('gone', { status: 'offline' })]
    assert.equal(pickAgent(chat('c'), agents), undefined)
  })
})

describe('assignWaiting', () => {
  it('assigns in queue order and spreads chats over the least busy agents', () => {
    const agents = [agent('a', { capacity: 2 }), agent('b', { capacity: 2 })]
    const queue = [chat('late', { queuedAt: 3 }), chat('vip', { queuedAt: 9, priority: true }), chat('early', { queuedAt: 1 })]
    assert.deepEqual(assignWaiting(queue, agents, 5000), [
      { chat: 'vip', agent: 'a' },
      { chat: 'early', agent: 'b' },
      { chat: 'late', agent: 'a' },
    ])
  })

  it('uses now as the lastAssignedAt of each chosen agent for later picks', () => {
    // After b takes x, both are at 1/3. Without `now`, b's old stamp (50) would win y too.
    const agents = [agent('a', { active: 1, lastAssignedAt: 100 }), agent('b', { lastAssignedAt: 50 })]
    assert.deepEqual(assignWaiting([chat('x', { queuedAt: 1 }), chat('y', { queuedAt: 2 })], agents, 5000), [
      { chat: 'x', agent: 'b' },
      { chat: 'y', agent: 'a' },
    ])
  })

  it('stops when every agent is at capacity and leaves the rest waiting', () => {
    const agents = [agent('a', { capacity: 1 }), agent('away', { status: 'away' })]
    const queue = [chat('one', { queuedAt: 1 }), chat('two', { queuedAt: 2 })]
    assert.deepEqual(assignWaiting(queue, agents, 0), [{ chat: 'one', agent: 'a' }])
  })

  it('assigns a chat listed twice only once', () => {
    assert.deepEqual(assignWaiting([chat('x'), chat('x')], [agent('a'), agent('b')], 0), [{ chat: 'x', agent: 'a' }])
  })

  it('does not mutate its inputs', () => {
    const agents = [agent('a', { capacity: 2 })]
    const queue = [chat('x'), chat('y', { queuedAt: 1 })]
    const before = structuredClone({ agents, queue })
    assignWaiting(queue, agents, 777)
    assert.deepEqual({ agents, queue }, before)
  })
})

describe('queuePositions', () => {
  it('numbers chats from 1 in serving order', () => {
    const queue = [chat('normal', { queuedAt: 1 }), chat('vip', { queuedAt: 5, priority: true }), chat('back', { queuedAt: 9, requeued: true })]
    assert.deepEqual([...queuePositions(queue)], [
      ['vip', 1],
      ['back', 2],
      ['normal', 3],
    ])
  })

  it('returns an empty map for an empty queue', () => {
    assert.equal(queuePositions([]).size, 0)
  })
})

describe('estimateWaitSeconds', () => {
  it('returns null without recent handling times', () => {
    assert.equal(estimateWaitSeconds(1, [], 4), null)
  })

  it('returns null without online capacity', () => {
    assert.equal(estimateWaitSeconds(1, [60_000], 0), null)
  })

  it('waits one median handling time per round of online capacity ahead', () => {
    // median of 2, 3, 5 minutes is 3 min; position 3 with 2 slots needs ceil(3/2) = 2 rounds.
    assert.equal(estimateWaitSeconds(3, [120_000, 300_000, 180_000], 2), 360)
    assert.equal(estimateWaitSeconds(2, [120_000, 300_000, 180_000], 2), 180)
  })

  it('takes the mean of the two middle times for an even count', () => {
    assert.equal(estimateWaitSeconds(1, [60_000, 240_000, 120_000, 180_000], 4), 150)
  })

  it('is not pulled up by one very long chat', () => {
    assert.equal(estimateWaitSeconds(1, [60_000, 60_000, 36_000_000], 1), 60)
  })

  it('rounds to whole seconds', () => {
    assert.equal(estimateWaitSeconds(3, [1234], 1), 4)
  })
})

describe('checkTransferTarget', () => {
  const agents = [
    agent('me'),
    agent('free'),
    agent('away', { status: 'away' }),
    agent('gone', { status: 'offline' }),
    agent('full', { capacity: 2, active: 2 }),
  ]
  const cases = [
    ['nobody', 'unknown_agent'],
    ['me', 'same_agent'],
    ['gone', 'offline'],
    ['away', 'away'],
    ['full', 'busy'],
  ] as const

  for (const [target, reason] of cases) {
    it(`refuses ${target} with ${reason}`, () => {
      assert.deepEqual(checkTransferTarget(target, 'me', agents), { ok: false, reason })
    })
  }

  it('accepts an online agent with room', () => {
    assert.deepEqual(checkTransferTarget('free', 'me', agents), { ok: true })
  })
})

describe('pickForDepartment', () => {
  it('picks the least busy online agent with the skill, not the current operator', () => {
    const agents = [
      agent('me', { skills: ['sales'] }),
      agent('busy', { skills: ['Sales'], active: 2 }),
      agent('idle', { skills: ['SALES'], active: 1 }),
      agent('general'),
    ]
    assert.equal(pickForDepartment('sales', 'me', agents)?.id, 'idle')
  })

  it('returns undefined when no skilled agent is online with room, so the chat is queued', () => {
    const agents = [
      agent('away', { skills: ['sales'], status: 'away' }),
      agent('full', { skills: ['sales'], active: 3 }),
      agent('general'),
    ]
    assert.equal(pickForDepartment('sales', 'me', agents), undefined)
  })
})

describe('agentsPastGrace', () => {
  const grace = 30_000

  it('includes an agent offline for exactly the grace period', () => {
    assert.deepEqual(agentsPastGrace(new Map([['a', 70_000]]), 100_000, grace), ['a'])
  })

  it('excludes an agent one millisecond short of the grace period', () => {
    assert.deepEqual(agentsPastGrace(new Map([['a', 70_001]]), 100_000, grace), [])
  })

  it('lists the earliest to go offline first', () => {
    const since = new Map([
      ['late', 60_000],
      ['early', 10_000],
      ['recent', 99_000],
    ])
    assert.deepEqual(agentsPastGrace(since, 100_000, grace), ['early', 'late'])
  })
})

const SKILLS = ['billing', 'Billing', 'sales', 'ru', 'EN']
const DEPARTMENTS = [undefined, 'billing', 'BILLING', 'sales', 'ru', 'en', 'legal']
const STATUSES = ['online', 'online', 'away', 'offline'] as const

function scenario(seed: number) {
  const random = mulberry32(seed)
  const int = (max: number) => Math.floor(random() * (max + 1))
  const pick = <T>(items: readonly T[]): T => items[int(items.length - 1)] as T
  const agents = Array.from({ length: int(6) }, (_, i): RoutingAgent => {
    const capacity = int(4)
    return {
      id: `a${i}`,
      skills: SKILLS.filter(() => random() < 0.3),
      capacity,
      status: pick(STATUSES),
      active: int(capacity),
      lastAssignedAt: random() < 0.3 ? 0 : int(1000),
    }
  })
  // Small ranges on purpose, so ties in queuedAt and load are common.
  const queue = Array.from({ length: int(14) }, (_, i): RoutingChat => {
    const department = pick(DEPARTMENTS)
    return {
      id: `c${i}`,
      ...(department === undefined ? {} : { department }),
      priority: random() < 0.15,
      requeued: random() < 0.15,
      queuedAt: int(20),
    }
  })
  return { seed, agents, queue, now: 2000 }
}

describe('assignWaiting (randomized)', () => {
  const BASE_SEED = 0x9a71e7
  const RUNS = 500

  it(`keeps its invariants over ${RUNS} random scenarios`, () => {
    let assignedTotal = 0
    let leftWaitingTotal = 0
    for (let run = 0; run < RUNS; run++) {
      const s = scenario(BASE_SEED + run)
      const before = structuredClone({ agents: s.agents, queue: s.queue })
      const assignments = assignWaiting(s.queue, s.agents, s.now)
      const where = (what: string) => `${what}\nseed ${s.seed}\n${JSON.stringify({ ...s, assignments })}`

      assert.deepEqual({ agents: s.agents, queue: s.queue }, before, where('inputs were mutated'))

      const chatIds = assignments.map((a) => a.chat)
      assert.equal(new Set(chatIds).size, chatIds.length, where('a chat is assigned twice'))

      const byId = new Map(s.agents.map((a) => [a.id, a]))
      const load = new Map(s.agents.map((a) => [a.id, a.active]))
      for (const { agent: id } of assignments) {
        const target = byId.get(id)
        assert.ok(target, where(`unknown agent ${id} assigned`))
        assert.equal(target.status, 'online', where(`agent ${id} is ${target.status} yet assigned`))
        load.set(id, (load.get(id) ?? 0) + 1)
      }
      for (const a of s.agents) {
        if (a.status !== 'online') continue
        const final = load.get(a.id) ?? 0
        assert.ok(final <= a.capacity, where(`agent ${a.id} is over capacity: ${final}/${a.capacity}`))
      }

      const served = new Set(chatIds)
      const waiting = s.queue.filter((c) => !served.has(c.id))
      const roomLeft = s.agents.filter((a) => a.status === 'online' && (load.get(a.id) ?? 0) < a.capacity)
      assert.ok(
        waiting.length === 0 || roomLeft.length === 0,
        where(`chat ${waiting[0]?.id} waits while ${roomLeft[0]?.id} has room`),
      )

      // Queue order: since any agent with room may take any chat, the served chats must be
      // exactly the head of the serving order, assigned in that order.
      const order = [...new Set(ids(orderQueue(s.queue)))]
      assert.deepEqual(chatIds, order.slice(0, chatIds.length), where('assignments skip ahead of the queue order'))

      // Skills: replay the loads; a chat with a department goes to someone without the skill
      // only if no online agent with the skill had room at that moment.
      const replay = new Map(s.agents.map((a) => [a.id, a.active]))
      const chats = new Map(s.queue.map((c) => [c.id, c]))
      for (const { chat: chatId, agent: id } of assignments) {
        const department = chats.get(chatId)?.department?.toLowerCase()
        const chosen = byId.get(id)
        if (department && chosen && !chosen.skills.some((k) => k.toLowerCase() === department)) {
          const skilledWithRoom = s.agents.find(
            (a) =>
              a.status === 'online' &&
              (replay.get(a.id) ?? 0) < a.capacity &&
              a.skills.some((k) => k.toLowerCase() === department),
          )
          assert.equal(skilledWithRoom, undefined, where(`chat ${chatId} went to ${id} though ${skilledWithRoom?.id} has the skill and room`))
        }
        replay.set(id, (replay.get(id) ?? 0) + 1)
      }

      assignedTotal += assignments.length
      leftWaitingTotal += waiting.length
    }
    // Guards against a generator that never exercises either branch.
    assert.ok(assignedTotal > 0 && leftWaitingTotal > 0, `assigned ${assignedTotal}, left waiting ${leftWaitingTotal}`)
  })
})

describe('sites', () => {
  it('serves a site listed, or every site when none is', () => {
    assert.equal(servesSite({ sites: ['alpha'] }, 'alpha'), true)
    assert.equal(servesSite({ sites: ['alpha'] }, 'bravo'), false)
    assert.equal(servesSite({ sites: [] }, 'bravo'), true)
    assert.equal(servesSite({}, 'bravo'), true)
  })

  it('gives a chat only to an operator of its site, and still serves a later chat of another site', () => {
    const agents = [agent('ann', { sites: ['alpha'], capacity: 1 }), agent('ben', { sites: ['bravo'], capacity: 1 })]
    const queue: RoutingChat[] = [
      { id: 'c1', priority: false, requeued: false, queuedAt: 1, site: 'alpha' },
      { id: 'c2', priority: false, requeued: false, queuedAt: 2, site: 'alpha' },
      { id: 'c3', priority: false, requeued: false, queuedAt: 3, site: 'bravo' },
    ]
    assert.deepEqual(assignWaiting(queue, agents, 10), [
      { chat: 'c1', agent: 'ann' },
      { chat: 'c3', agent: 'ben' },
    ])
    assert.deepEqual(checkTransferTarget('ben', 'ann', agents, 'alpha'), { ok: false, reason: 'unknown_agent' })
  })

  it('counts two operators as colleagues when they share a site or either serves every site', () => {
    assert.equal(sharesSite({ sites: ['alpha', 'gamma'] }, { sites: ['gamma'] }), true)
    assert.equal(sharesSite({ sites: ['alpha'] }, { sites: ['bravo'] }), false)
    assert.equal(sharesSite({ sites: [] }, { sites: ['bravo'] }), true)
  })
})
