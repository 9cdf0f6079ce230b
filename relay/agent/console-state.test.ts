/** @module relay/agent/console-state.test — the console reducer and its views: list sections, tabs, dedupe, pending messages, unread counts, typing, transfers and closing. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ConversationSummary, HistoryFrame, Message, SeenArticle, ToAgent, VisitorCard } from '../../protocol/index.js'
import { initialState, reduce, type ConsoleAction, type ConsoleState } from './console-state.js'
import {
  TYPING_SHOWN_MS,
  accessOf,
  contiguousSeq,
  isNews,
  listed,
  pendingIn,
  shownMessages,
  toResend,
  totalUnread,
  unreadOf,
  visitorTyping,
} from './console-views.js'

const ME = { id: 'a1', name: 'Ada' }
const BOB = { id: 'a2', name: 'Bob' }

function summary(id: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    site: 'demo',
    visitorId: `v-${id}`,
    visitorName: null,
    status: 'waiting',
    agent: null,
    lastSeq: 0,
    epoch: 'e1',
    lastText: '',
    lastFrom: null,
    department: null,
    priority: false,
    position: null,
    transfer: null,
    rating: null,
    contact: null,
    createdAt: 1,
    updatedAt: 1,
    closedAt: null,
    ...over,
  }
}

const mine = (id: string, over: Partial<ConversationSummary> = {}) => summary(id, { status: 'open', agent: ME, ...over })

function message(conv: string, seq: number, over: Partial<Message> = {}): Message {
  return { conv, seq, cid: `cid-${conv}-${seq}`, from: 'visitor', text: `m${seq}`, at: seq, ...over }
}

function card(id: string): VisitorCard {
  return { id, site: 'demo', identity: { verified: false }, context: {}, page: null, firstSeen: 0, lastSeen: 0, online: true }
}

const frame = (f: ToAgent, at = 0): ConsoleAction => ({ type: 'frame', frame: f, at })
const run = (...actions: ConsoleAction[]) => actions.reduce<ConsoleState>(reduce, initialState)
const welcome = (...conversations: ConversationSummary[]) => frame({ type: 'welcome', agent: ME, conversations })
const history = (conversation: ConversationSummary, messages: Message[], over: { visitor?: VisitorCard; earlier?: []; articles?: SeenArticle[] } = {}) =>
  frame({ type: 'history', conversation, visitor: over.visitor ?? card(conversation.visitorId), messages, more: false, earlier: over.earlier ?? [], articles: over.articles ?? [] })
const open = (conv: string): ConsoleAction => ({ type: 'open', conv })

/** Logged in, with conversation c1 (mine) open in a tab and its first `n` messages shown. */
function openWith(n: number): ConsoleState {
  const messages = Array.from({ length: n }, (_, i) => message('c1', i + 1))
  const conv = mine('c1', { lastSeq: n })
  return run(welcome(conv), open('c1'), history(conv, messages))
}

const compose = (cid: string, text = 'hi', conv = 'c1'): ConsoleAction => ({ type: 'compose', pending: { cid, conv, text, at: 100 } })

describe('console-state: list sections', () => {
  it('puts my open chats in Mine, waiting ones in Queue and colleagues chats in Others', () => {
    const state = run(welcome(mine('m1'), summary('w1'), summary('o1', { status: 'open', agent: BOB }), summary('x1', { status: 'closed', agent: ME })))
    const { mine: my, queue, others } = listed(state)
    assert.deepEqual([my.map((c) => c.id), queue.map((c) => c.id), others.map((c) => c.id)], [['m1'], ['w1'], ['o1']])
  })

  it('sorts the queue by position and my chats by newest activity', () => {
    const state = run(
      welcome(
        summary('second', { position: 2, updatedAt: 9 }),
        summary('first', { position: 1, updatedAt: 1 }),
        mine('old', { updatedAt: 1 }),
        mine('new', { updatedAt: 3 }),
      ),
    )
    const { mine: my, queue } = listed(state)
    assert.deepEqual(queue.map((c) => c.id), ['first', 'second'])
    assert.deepEqual(my.map((c) => c.id), ['new', 'old'])
  })

  it('replaces a conversation by id on a conv frame and moves it from the queue to Mine', () => {
    const state = run(welcome(summary('c1')), frame({ type: 'conv', conversation: mine('c1', { updatedAt: 5 }) }))
    const { mine: my, queue } = listed(state)
    assert.equal(queue.length, 0)
    assert.equal(my[0]?.agent?.name, 'Ada')
  })

  it('drops a closed conversation from every section', () => {
    const state = run(welcome(mine('c1')), frame({ type: 'conv', conversation: mine('c1', { status: 'closed' }) }))
    const { mine: my, queue, others } = listed(state)
    assert.equal(my.length + queue.length + others.length, 0)
  })
})

describe('console-state: unread counts', () => {
  it('counts every message of a conversation never opened as unread', () => {
    const state = run(welcome(summary('c1', { lastSeq: 3 }), mine('c2', { lastSeq: 2 })))
    assert.equal(totalUnread(state), 5)
  })

  it('leaves colleagues chats out of the total', () => {
    const state = run(welcome(summary('c1', { status: 'open', agent: BOB, lastSeq: 3 })))
    assert.equal(totalUnread(state), 0)
  })

  it('counts only messages after the highest seq looked at', () => {
    let state = reduce(openWith(2), open('c2'))
    state = reduce(state, frame({ type: 'conv', conversation: mine('c1', { lastSeq: 5 }) }))
    assert.equal(totalUnread(state), 3)
  })

  it('keeps messages arriving in a background tab unread until the tab is focused', () => {
    let state = reduce(openWith(1), open('c2'))
    state = reduce(state, frame({ type: 'msg', message: message('c1', 2) }))
    state = reduce(state, frame({ type: 'conv', conversation: mine('c1', { lastSeq: 2 }) }))
    const c1 = () => state.conversations.get('c1')!
    assert.equal(unreadOf(state, c1()), 1)
    state = reduce(state, { type: 'focus', conv: 'c1' })
    assert.equal(unreadOf(state, c1()), 0)
  })

  it('keeps messages arriving while the page is hidden unread until it is visible again', () => {
    let state = reduce(openWith(1), { type: 'visible', visible: false })
    state = reduce(state, frame({ type: 'msg', message: message('c1', 2) }))
    state = reduce(state, frame({ type: 'conv', conversation: mine('c1', { lastSeq: 2 }) }))
    assert.equal(totalUnread(state), 1)
    state = reduce(state, { type: 'visible', visible: true })
    assert.equal(totalUnread(state), 0)
  })

  it('does not count the operator own acknowledged message as unread', () => {
    let state = reduce(openWith(1), compose('cid-new-1'))
    state = reduce(state, frame({ type: 'ack', cid: 'cid-new-1', conv: 'c1', seq: 2 }))
    state = reduce(state, frame({ type: 'conv', conversation: mine('c1', { lastSeq: 2 }) }))
    assert.equal(totalUnread(state), 0)
  })

  it('keeps what was seen across a reconnect welcome', () => {
    const state = reduce(openWith(2), welcome(mine('c1', { lastSeq: 2 })))
    assert.equal(totalUnread(state), 0)
    assert.equal(shownMessages(state, 'c1').length, 2)
  })
})

describe('console-state: tabs', () => {
  it('opens each conversation in its own tab and focuses the newest', () => {
    const state = run(welcome(mine('c1'), summary('c2')), open('c1'), open('c2'))
    assert.deepEqual(state.tabs, ['c1', 'c2'])
    assert.equal(state.focused, 'c2')
  })

  it('focuses an already open tab instead of opening it twice', () => {
    const state = reduce(reduce(openWith(2), open('c2')), open('c1'))
    assert.deepEqual(state.tabs, ['c1', 'c2'])
    assert.equal(state.focused, 'c1')
    assert.equal(shownMessages(state, 'c1').length, 2)
  })

  it('keeps messages of every open tab apart', () => {
    let state = reduce(openWith(1), open('c2'))
    state = reduce(state, history(mine('c2', { lastSeq: 1 }), [message('c2', 1, { text: 'other' })]))
    state = reduce(state, frame({ type: 'msg', message: message('c1', 2) }))
    assert.deepEqual(shownMessages(state, 'c1').map((m) => m.text), ['m1', 'm2'])
    assert.deepEqual(shownMessages(state, 'c2').map((m) => m.text), ['other'])
  })

  it('keeps a draft per tab and clears it when the message is composed', () => {
    let state = reduce(openWith(1), { type: 'draft', conv: 'c1', text: 'half a thought' })
    state = reduce(state, open('c2'))
    state = reduce(state, { type: 'draft', conv: 'c2', text: 'elsewhere' })
    assert.equal(state.chats.get('c1')?.draft, 'half a thought')
    state = reduce(state, compose('cid-x', 'elsewhere', 'c2'))
    assert.equal(state.chats.get('c2')?.draft, '')
    assert.equal(state.chats.get('c1')?.draft, 'half a thought')
  })

  it('moves focus to the neighbour when the focused tab closes', () => {
    let state = run(open('a'), open('b'), open('c'), { type: 'focus', conv: 'b' })
    state = reduce(state, { type: 'closeTab', conv: 'b' })
    assert.deepEqual([state.tabs, state.focused], [['a', 'c'], 'c'])
    state = reduce(state, { type: 'closeTab', conv: 'c' })
    assert.equal(state.focused, 'a')
    state = reduce(state, { type: 'closeTab', conv: 'a' })
    assert.deepEqual([state.tabs, state.focused, state.chats.size], [[], null, 0])
  })

  it('ignores a history answer for a tab the operator has closed, but keeps its summary', () => {
    const state = run(open('c1'), { type: 'closeTab', conv: 'c1' }, history(summary('c1'), [message('c1', 1)]))
    assert.equal(state.chats.size, 0)
    assert.equal(state.conversations.get('c1')?.id, 'c1')
  })

  it('shows history oldest first with the visitor card and earlier conversations', () => {
    const brief = { id: 'old', status: 'closed' as const, lastText: 'bye', messages: 4, createdAt: 1, closedAt: 2 }
    const conv = mine('c1', { lastSeq: 3 })
    const state = run(welcome(conv), open('c1'), frame({ type: 'history', conversation: conv, visitor: card('v-c1'), messages: [message('c1', 3), message('c1', 1), message('c1', 2)], more: false, earlier: [brief], articles: [] }))
    assert.deepEqual(shownMessages(state, 'c1').map((m) => m.seq), [1, 2, 3])
    assert.equal(state.chats.get('c1')?.loaded, true)
    assert.equal(state.chats.get('c1')?.visitor?.id, 'v-c1')
    assert.deepEqual(state.chats.get('c1')?.earlier, [brief])
    assert.equal(totalUnread(state), 0)
  })

  it('keeps the summary of a closed conversation that is still in a tab across a welcome', () => {
    const state = reduce(reduce(openWith(1), frame({ type: 'conv', conversation: mine('c1', { status: 'closed' }) })), welcome())
    assert.equal(state.conversations.get('c1')?.status, 'closed')
  })

  it('updates the visitor card of every tab showing that visitor, and only those', () => {
    let state = reduce(openWith(1), frame({ type: 'visitor', visitor: { ...card('someone-else'), online: false } }))
    assert.equal(state.chats.get('c1')?.visitor?.online, true)
    state = reduce(state, frame({ type: 'visitor', visitor: { ...card('v-c1'), online: false } }))
    assert.equal(state.chats.get('c1')?.visitor?.online, false)
  })
})

describe('console-state: messages', () => {
  it('drops a msg frame whose seq is already shown', () => {
    const state = reduce(openWith(2), frame({ type: 'msg', message: message('c1', 2, { text: 'again' }) }))
    assert.deepEqual(shownMessages(state, 'c1').map((m) => m.text), ['m1', 'm2'])
  })

  it('appends a msg frame to its tab and ignores one for a conversation without a tab', () => {
    let state = reduce(openWith(1), frame({ type: 'msg', message: message('c1', 2) }))
    state = reduce(state, frame({ type: 'msg', message: message('c9', 1) }))
    assert.deepEqual(shownMessages(state, 'c1').map((m) => m.seq), [1, 2])
    assert.equal(state.chats.has('c9'), false)
  })

  it('shows a composed message as pending until its ack replaces it', () => {
    let state = reduce(openWith(1), compose('cid-new-1'))
    assert.equal(pendingIn(state, 'c1').length, 1)
    state = reduce(state, frame({ type: 'ack', cid: 'cid-new-1', conv: 'c1', seq: 2 }))
    assert.equal(pendingIn(state, 'c1').length, 0)
    const last = shownMessages(state, 'c1')[1]
    assert.deepEqual([last?.seq, last?.from, last?.name, last?.text], [2, 'agent', 'Ada', 'hi'])
  })

  it('drops a pending message that a replayed history already holds', () => {
    let state = reduce(openWith(1), compose('cid-lost-ack'))
    const replay = [message('c1', 1), message('c1', 2, { cid: 'cid-lost-ack', from: 'agent', name: 'Ada' })]
    state = reduce(state, history(mine('c1', { lastSeq: 2 }), replay))
    assert.equal(state.pending.size, 0)
    assert.equal(shownMessages(state, 'c1').length, 2)
  })

  it('resends unacknowledged messages with their original cid, for all tabs or one', () => {
    const state = run(compose('cid-a', 'one'), compose('cid-b', 'two', 'c2'))
    assert.deepEqual(toResend(state), [
      { type: 'msg', conv: 'c1', cid: 'cid-a', text: 'one' },
      { type: 'msg', conv: 'c2', cid: 'cid-b', text: 'two' },
    ])
    assert.deepEqual(toResend(state, 'c2'), [{ type: 'msg', conv: 'c2', cid: 'cid-b', text: 'two' }])
  })

  it('marks a pending message failed on an error with its cid and stops resending it', () => {
    const state = run(compose('cid-a'), frame({ type: 'error', code: 'forbidden', message: 'conversation c1 is with another operator', cid: 'cid-a' }))
    assert.equal(state.pending.get('cid-a')?.error, 'conversation c1 is with another operator')
    assert.equal(state.notice, null)
    assert.deepEqual(toResend(state), [])
  })

  it('shows an error without a cid as a notice until dismissed', () => {
    let state = run(frame({ type: 'error', code: 'not_found', message: 'no conversation c7' }))
    assert.equal(state.notice, 'no conversation c7')
    state = reduce(state, { type: 'dismiss' })
    assert.equal(state.notice, null)
  })

  it('adds a page of missing messages and counts seqs only up to the first gap', () => {
    const state = reduce(openWith(2), frame({ type: 'msg', message: message('c1', 5) }))
    assert.equal(contiguousSeq(state, 'c1'), 2)
    const filled = reduce(state, frame({ type: 'page', conv: 'c1', epoch: 'e1', messages: [message('c1', 3), message('c1', 4)], more: false }))
    assert.deepEqual(shownMessages(filled, 'c1').map((m) => m.seq), [1, 2, 3, 4, 5])
    assert.equal(contiguousSeq(filled, 'c1'), 5)
  })

  it('replaces what a tab shows with a new history (after an epoch change)', () => {
    const state = reduce(openWith(3), history(mine('c1', { lastSeq: 1, epoch: 'e2' }), [message('c1', 1, { text: 'new past' })]))
    assert.deepEqual(shownMessages(state, 'c1').map((m) => m.text), ['new past'])
  })

  it('keeps system lines as messages of their own kind', () => {
    const state = reduce(openWith(1), frame({ type: 'msg', message: message('c1', 2, { from: 'system', text: 'Ada joined the chat' }) }))
    assert.equal(shownMessages(state, 'c1')[1]?.from, 'system')
  })
})

describe('console-state: visitor typing', () => {
  it('shows typing for a while after `on`, then stops by itself', () => {
    const state = reduce(openWith(1), frame({ type: 'typing', conv: 'c1', on: true }, 1_000))
    assert.equal(visitorTyping(state, 'c1', 1_000), true)
    assert.equal(visitorTyping(state, 'c1', 1_000 + TYPING_SHOWN_MS - 1), true)
    assert.equal(visitorTyping(state, 'c1', 1_000 + TYPING_SHOWN_MS), false)
    assert.equal(visitorTyping(state, 'c2', 1_000), false)
  })

  it('restarts the wait on every repeated `on`', () => {
    let state = reduce(openWith(1), frame({ type: 'typing', conv: 'c1', on: true }, 1_000))
    state = reduce(state, frame({ type: 'typing', conv: 'c1', on: true }, 4_000))
    assert.equal(visitorTyping(state, 'c1', 1_000 + TYPING_SHOWN_MS + 1), true)
  })

  it('stops on `off` and on a new visitor message, not on the operator own message', () => {
    const typing = reduce(openWith(1), frame({ type: 'typing', conv: 'c1', on: true }, 1_000))
    assert.equal(visitorTyping(reduce(typing, frame({ type: 'typing', conv: 'c1', on: false }, 1_500)), 'c1', 1_500), false)
    assert.equal(visitorTyping(reduce(typing, frame({ type: 'msg', message: message('c1', 2) })), 'c1', 1_500), false)
    const agentLine = frame({ type: 'msg', message: message('c1', 2, { from: 'agent', name: 'Bob' }) })
    assert.equal(visitorTyping(reduce(typing, agentLine), 'c1', 1_500), true)
  })
})

describe('console-state: transfer, close and status', () => {
  const note = { from: BOB, to: { agent: ME }, note: 'Wants a refund for A-1009', at: 50 }

  it('keeps the transfer note on the summary for the chat to show', () => {
    const state = reduce(openWith(1), frame({ type: 'conv', conversation: mine('c1', { transfer: note }) }))
    assert.equal(state.conversations.get('c1')?.transfer?.note, 'Wants a refund for A-1009')
  })

  it('reports a refused transfer to the dialog instead of the notice bar', () => {
    let state = reduce(openWith(1), { type: 'transferSent', conv: 'c1' })
    state = reduce(state, frame({ type: 'error', code: 'forbidden', message: 'cannot transfer: that operator is away' }))
    assert.deepEqual([state.transfer?.error, state.transfer?.done, state.notice], ['cannot transfer: that operator is away', false, null])
  })

  it('marks the transfer done when the conversation shows a newer transfer note', () => {
    const before = reduce(openWith(1), frame({ type: 'conv', conversation: mine('c1', { transfer: note }) }))
    let state = reduce(before, { type: 'transferSent', conv: 'c1' })
    state = reduce(state, frame({ type: 'conv', conversation: mine('c1', { transfer: note, lastSeq: 2 }) }))
    assert.equal(state.transfer?.done, false)
    const handed = summary('c1', { status: 'open', agent: BOB, transfer: { from: ME, to: { agent: BOB }, note: 'over to you', at: 90 } })
    state = reduce(state, frame({ type: 'conv', conversation: handed }))
    assert.equal(state.transfer?.done, true)
    assert.equal(reduce(state, { type: 'transferDone' }).transfer, null)
  })

  it('keeps a closed conversation in its tab and takes its rating when it arrives', () => {
    let state = reduce(openWith(1), frame({ type: 'conv', conversation: mine('c1', { status: 'closed', closedAt: 9 }) }))
    assert.deepEqual(state.tabs, ['c1'])
    state = reduce(state, frame({ type: 'conv', conversation: mine('c1', { status: 'closed', closedAt: 9, rating: { score: 4, comment: 'quick' } }) }))
    assert.deepEqual(state.conversations.get('c1')?.rating, { score: 4, comment: 'quick' })
  })

  it('takes the operator status from the agents frame', () => {
    let state = run(welcome(), { type: 'status', status: 'away' })
    assert.equal(state.status, 'away')
    const team = (status: 'online' | 'away' | 'offline') => frame({ type: 'agents', agents: [{ id: ME.id, name: ME.name, status, skills: [], active: 0, capacity: 3 }] })
    state = reduce(state, team('online'))
    assert.equal(state.status, 'online')
    assert.equal(reduce(state, team('offline')).status, 'online')
  })
})

describe('console-views: access', () => {
  it('lets the operator write and handle their own chat', () => {
    assert.deepEqual(accessOf(mine('c1'), ME.id, false), { write: true, handle: true, note: null })
  })

  it('lets anyone write into a waiting chat, which takes it', () => {
    const access = accessOf(summary('c1'), ME.id, false)
    assert.deepEqual([access.write, access.handle], [true, false])
  })

  it('refuses writing into a colleague chat and says whose it is', () => {
    assert.deepEqual(accessOf(summary('c1', { status: 'open', agent: BOB }), ME.id, false), { write: false, handle: false, note: 'This chat is with Bob.' })
  })

  it('lets a supervisor write into and handle a colleague chat', () => {
    const access = accessOf(summary('c1', { status: 'open', agent: BOB }), ME.id, true)
    assert.deepEqual([access.write, access.handle], [true, true])
  })

  it('refuses everything in a closed chat', () => {
    assert.deepEqual(accessOf(mine('c1', { status: 'closed' }), ME.id, true), { write: false, handle: false, note: 'This chat is closed.' })
  })
})

describe('console-views: news worth a sound', () => {
  const news = (before: ConsoleState, f: ToAgent) => isNews(before, reduce(before, frame(f)), f)

  it('rings when a conversation is assigned to me', () => {
    const before = run(welcome(summary('c1')))
    assert.equal(news(before, { type: 'conv', conversation: mine('c1', { lastSeq: 2 }) }), true)
  })

  it('rings for a new visitor message in my chat that is not focused, once', () => {
    const before = reduce(reduce(openWith(1), open('c2')), frame({ type: 'conv', conversation: mine('c1', { lastSeq: 1 }) }))
    const update = { type: 'conv', conversation: mine('c1', { lastSeq: 2, lastFrom: 'visitor' }) } as const
    assert.equal(news(before, update), true)
    assert.equal(news(reduce(before, frame(update)), update), false)
  })

  it('stays quiet for the focused chat in a visible page, but not in a hidden one', () => {
    const before = openWith(1)
    const update = { type: 'conv', conversation: mine('c1', { lastSeq: 2, lastFrom: 'visitor' }) } as const
    assert.equal(news(before, update), false)
    assert.equal(news(reduce(before, { type: 'visible', visible: false }), update), true)
  })

  it('stays quiet for system lines, my own messages and colleagues chats', () => {
    const before = reduce(reduce(openWith(1), open('c2')), welcome(mine('c1', { lastSeq: 1 }), summary('c3', { status: 'open', agent: BOB })))
    assert.equal(news(before, { type: 'conv', conversation: mine('c1', { lastSeq: 2, lastFrom: 'system' }) }), false)
    assert.equal(news(before, { type: 'conv', conversation: mine('c1', { lastSeq: 2, lastFrom: 'agent' }) }), false)
    assert.equal(news(before, { type: 'conv', conversation: summary('c3', { status: 'open', agent: BOB, lastSeq: 5, lastFrom: 'visitor' }) }), false)
    assert.equal(news(before, { type: 'welcome', agent: ME, conversations: [mine('c9')] }), false)
  })
})

describe('console-state: articles the visitor read', () => {
  const refunds: SeenArticle = { id: 'refunds', title: 'Refund policy', helped: false }
  const hours: SeenArticle = { id: 'hours', title: 'Opening hours', helped: null }

  it('keeps the articles a history brings with its tab, in the order read', () => {
    const state = run(welcome(mine('c1')), open('c1'), history(mine('c1'), [], { articles: [refunds, hours] }))
    assert.deepEqual(state.chats.get('c1')?.articles, [refunds, hours])
  })

  it('keeps them per conversation and across switching tabs', () => {
    let state = run(welcome(mine('c1'), mine('c2')), open('c1'), history(mine('c1'), [], { articles: [refunds] }), open('c2'), history(mine('c2'), []))
    state = reduce(state, { type: 'focus', conv: 'c1' })
    assert.deepEqual(state.chats.get('c1')?.articles, [refunds])
    assert.deepEqual(state.chats.get('c2')?.articles, [])
  })

  it('takes a newer history as the truth, and an older relay without articles as none', () => {
    let state = run(welcome(mine('c1')), open('c1'), history(mine('c1'), [], { articles: [refunds] }))
    state = reduce(state, history(mine('c1'), [], { articles: [{ ...refunds, helped: true }] }))
    assert.deepEqual(state.chats.get('c1')?.articles, [{ ...refunds, helped: true }])
    const { articles: _, ...old } = { type: 'history', conversation: mine('c1'), visitor: card('v-c1'), messages: [], more: false, earlier: [], articles: [] } satisfies HistoryFrame
    state = reduce(state, frame(old as unknown as ToAgent))
    assert.deepEqual(state.chats.get('c1')?.articles, [])
  })

  it('starts a tab with none until its history arrives', () => {
    assert.deepEqual(run(open('c1')).chats.get('c1')?.articles, [])
  })
})
