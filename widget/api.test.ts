import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createApi, queuedCalls } from './api.js'
import type { ChatClient } from './chat-client.js'
import { createEmitter } from './emitter.js'

/** A chat client that records what the API asked of it. */
function fakeClient() {
  const calls: unknown[][] = []
  let open = false
  const client = {
    getState: () => ({ link: 'connecting', items: [], open, unread: 0 }),
    subscribe: () => () => {},
    setOpen: (value: boolean) => {
      open = value
      calls.push(['setOpen', value])
    },
    send: (text: string) => (calls.push(['send', text]), true),
    identify: (frame: unknown) => calls.push(['identify', frame]),
    setContext: (data: unknown) => calls.push(['context', data]),
    shutdown: () => calls.push(['shutdown']),
  } as unknown as ChatClient
  return { client, calls }
}

describe('Parley API', () => {
  it('replays calls queued by the stub in the order they were made', () => {
    const stub = Object.assign(() => {}, { q: [] as IArguments[] })
    const push = function (..._args: unknown[]) { stub.q.push(arguments) }
    push('identify', { id: 'u1' })
    push('context', { plan: 'Gold' })
    push('open')
    const { client, calls } = fakeClient()
    const reports: unknown[] = []
    const parley = createApi({ client, events: createEmitter(() => {}), report: (...problem) => reports.push(problem) })
    for (const args of queuedCalls(stub)) parley(...(args as [string]))
    assert.deepEqual(calls, [['identify', { type: 'identify', id: 'u1' }], ['context', { plan: 'Gold' }], ['setOpen', true]])
    assert.deepEqual(reports, [])
  })

  it('reports bad calls by their code without throwing into the page', () => {
    const { client, calls } = fakeClient()
    const reports: unknown[] = []
    const parley = createApi({ client, events: createEmitter(() => {}), report: (...problem) => reports.push(problem) })
    parley('identify', 'u1')
    parley('send', 42)
    parley('on', 'everything', () => {})
    parley('constructor')
    parley('__proto__')
    assert.deepEqual(reports, [['identify'], ['send'], ['on'], ['verb', 'constructor'], ['verb', '__proto__']])
    assert.deepEqual(calls, [])
  })

  it('checks identity and context before they go, and names what is wrong', () => {
    const { client, calls } = fakeClient()
    const reports: unknown[] = []
    const parley = createApi({ client, events: createEmitter(() => {}), report: (...problem) => reports.push(problem) })
    parley('identify', { id: ' ' })
    parley('identify', { id: 'u1', name: 'x'.repeat(201) })
    parley('identify', { id: 'u1', hash: 'not-hex' })
    parley('context', { plan: 'x'.repeat(501) })
    parley('context', { ['k'.repeat(65)]: 1 })
    parley('context', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])))
    parley('context', [])
    assert.deepEqual(reports, [['id'], ['names'], ['hash'], ['value', 'plan'], ['key'], ['keys'], ['context']])
    assert.deepEqual(calls, [])
    parley('identify', { id: 'u1', hash: 'a'.repeat(64) })
    parley('context', { plan: 'Gold', seats: 3, trial: false, note: null })
    assert.deepEqual(calls, [
      ['identify', { type: 'identify', id: 'u1', hash: 'a'.repeat(64) }],
      ['context', { plan: 'Gold', seats: 3, trial: false, note: null }],
    ])
  })

  it('reports a call that throws inside, with the verb and the error', () => {
    const { client } = fakeClient()
    const reports: unknown[] = []
    const throwing = { ...client, setOpen: () => { throw new Error('boom') } } as unknown as ChatClient
    const parley = createApi({ client: throwing, events: createEmitter(() => {}), report: (...problem) => reports.push(problem) })
    parley('open')
    assert.deepEqual(reports, [['failed', 'open', 'boom']])
  })

  it('toggles between open and closed', () => {
    const { client, calls } = fakeClient()
    const parley = createApi({ client, events: createEmitter(() => {}), report: () => {} })
    parley('toggle')
    parley('toggle')
    assert.deepEqual(calls, [['setOpen', true], ['setOpen', false]])
  })

  it('delivers events to handlers and survives a handler that throws', () => {
    const { client } = fakeClient()
    const errors: unknown[] = []
    const events = createEmitter((err) => errors.push(err))
    const parley = createApi({ client, events, report: () => {} })
    const seen: unknown[] = []
    parley('on', 'message', () => {
      throw new Error('site bug')
    })
    parley('on', 'message', (m: unknown) => seen.push(m))
    events.emit('message', { text: 'hi' })
    assert.deepEqual(seen, [{ text: 'hi' }])
    assert.equal(errors.length, 1)
  })

  it('finds no queued calls when there was no stub', () => {
    assert.deepEqual(queuedCalls(undefined), [])
    assert.deepEqual(queuedCalls({ q: 'nope' }), [])
  })
})
