/** @module relay/agent/webhooks-view.test — how the supervisor's webhooks dialog words events, failures and the command that adds an endpoint. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addCommand, eventsLabel, failureOutcome, failureReason, newestFirst } from './webhooks-view.js'

const at = (ms: number) => `t${ms}`

describe('webhooks-view.eventsLabel', () => {
  it('says "all events" for an endpoint that takes every type, and lists the others', () => {
    assert.equal(eventsLabel([]), 'all events')
    assert.equal(eventsLabel(['message.created', 'conversation.closed']), 'message.created, conversation.closed')
  })
})

describe('webhooks-view.failureReason', () => {
  it("shows the relay's error as it is when it already names the status", () => {
    assert.equal(failureReason({ lastStatus: 503, lastError: 'HTTP 503: busy' }), 'HTTP 503: busy')
  })

  it('puts the status in front of an error that does not name it', () => {
    assert.equal(failureReason({ lastStatus: 302, lastError: 'redirects are not followed' }), 'HTTP 302: redirects are not followed')
  })

  it('shows the error alone when there was no answer, the status alone when there is no error text', () => {
    assert.equal(failureReason({ lastStatus: null, lastError: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' }), 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9')
    assert.equal(failureReason({ lastStatus: 500, lastError: '  ' }), 'HTTP 500')
    assert.equal(failureReason({ lastStatus: null, lastError: null }), 'No response')
  })
})

describe('webhooks-view.failureOutcome', () => {
  it('says when a given-up delivery was given up, whatever its last next try was', () => {
    assert.deepEqual(failureOutcome({ failedAt: 20, nextAttemptAt: 10 }, at), { state: 'gave-up', at: 20, label: 'Gave up t20' })
  })

  it('says when a retrying delivery is tried next', () => {
    assert.deepEqual(failureOutcome({ failedAt: null, nextAttemptAt: 30 }, at), { state: 'retrying', at: 30, label: 'Next try t30' })
    assert.deepEqual(failureOutcome({ failedAt: null, nextAttemptAt: null }, at), { state: 'retrying', at: null, label: 'Next try due' })
  })
})

describe('webhooks-view.newestFirst', () => {
  it('puts the newest failure first and leaves the list it was given alone', () => {
    const given = [{ createdAt: 1 }, { createdAt: 3 }, { createdAt: 2 }]
    assert.deepEqual(newestFirst(given), [{ createdAt: 3 }, { createdAt: 2 }, { createdAt: 1 }])
    assert.deepEqual(given, [{ createdAt: 1 }, { createdAt: 3 }, { createdAt: 2 }])
  })
})

describe('webhooks-view.addCommand', () => {
  it('names the one site in view, and leaves a placeholder when there are none or several', () => {
    assert.equal(addCommand(['shop']), 'parley webhook add shop --url https://…')
    assert.equal(addCommand([]), 'parley webhook add <site> --url https://…')
    assert.equal(addCommand(['a', 'b']), 'parley webhook add <site> --url https://…')
  })
})
