/** @module scripts/fuzz.test — the protocol fuzz run, bounded: 5,000 frames with the fixed seed, and the checks it relies on. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createRandom } from './chaos/prng.js'
import { createPools } from './fuzz/frames.js'
import { emptyWindow, judge } from './fuzz/judge.js'
import { fuzzFrame } from './fuzz/mutate.js'
import { expectInPoll, expectOnSocket } from './fuzz/oracle.js'
import { runFuzz, summaryLine } from './fuzz/run.js'
import { createTally } from './fuzz/tally.js'
import type { FuzzFrame } from './fuzz/wire.js'

const frame = (data: string, claim: FuzzFrame['claim'] = 'reject'): FuzzFrame => ({ data, binary: false, claim, marker: 7, label: 'test' })

describe('fuzz checks', () => {
  it('fails a malformed frame that gets no error, and books nothing as refused', () => {
    const tally = createTally()
    const bad = frame('{"type":"msg","cid":')
    judge(tally, 'visitor', bad, expectOnSocket('visitor', bad, true), emptyWindow())
    assert.equal(tally.failureCount, 1)
    assert.equal(tally.refused.size, 0)
  })

  it('fails an error frame with the wrong code, and an internal error', () => {
    const tally = createTally()
    const bad = frame('{"type":"msg","cid":')
    judge(tally, 'visitor', bad, expectOnSocket('visitor', bad, true), { ...emptyWindow(), errors: [{ code: 'bad_field' }] })
    const clean = frame('{"type":"typing","on":true}', 'valid')
    judge(tally, 'visitor', clean, expectOnSocket('visitor', clean, true), { ...emptyWindow(), errors: [{ code: 'internal' }] })
    assert.equal(tally.failureCount, 2)
    assert.deepEqual([...tally.refused.keys()], [7])
  })

  it('expects not_ready before hello, a close past MAX_FRAME_BYTES and bad_frame for a hello inside a poll', () => {
    assert.deepEqual(expectOnSocket('visitor', frame('{"type":"typing","on":true}', 'valid'), false).expected, { kind: 'error', code: 'not_ready' })
    assert.deepEqual(expectOnSocket('agent', frame(`{"type":"ping","x":"${'x'.repeat(70_000)}"}`), true).expected, { kind: 'close', code: 1009 })
    assert.deepEqual(expectInPoll({ type: 'hello', site: 'shop' }).expected, { kind: 'error', code: 'bad_frame' })
  })

  it('fails a frame that asks for a reply and gets silence, and passes an ack', () => {
    const tally = createTally()
    const msg = { ...frame('{"type":"msg","cid":"fz-cid-0000007","text":"hi"}', 'valid'), cid: 'fz-cid-0000007' }
    judge(tally, 'visitor', msg, expectOnSocket('visitor', msg, true), emptyWindow())
    assert.equal(tally.failureCount, 1)
    judge(tally, 'visitor', msg, expectOnSocket('visitor', msg, true), { ...emptyWindow(), frames: [{ type: 'ack', cid: msg.cid }] })
    assert.equal(tally.failureCount, 1)
    assert.deepEqual([...tally.acked], [msg.cid])
  })

  it('makes frames whose claims the protocol validator agrees with, for both roles and both transports', () => {
    const random = createRandom(3)
    const pools = createPools()
    let disagreements = 0
    for (let marker = 0; marker < 3000; marker++) {
      const role = marker % 2 === 0 ? 'visitor' : 'agent'
      const transport = marker % 3 === 0 ? 'poll' : 'ws'
      const made = fuzzFrame({ random, marker, pools }, { role, transport })
      const accepted = expectOnSocket(role, made, true).validatorAccepts
      if ((made.claim === 'valid' && !accepted) || (made.claim === 'reject' && accepted)) disagreements++
    }
    assert.equal(disagreements, 0)
  })
})

describe('protocol fuzz', () => {
  it('survives 5,000 random and mutated frames, refusing each bad one with a code and storing none of it', { timeout: 90_000 }, async () => {
    const report = await runFuzz({ seed: 1, frames: 5000, goodMessages: 200, durationLimitS: 55 })
    const line = summaryLine(report)
    assert.deepEqual(report.failures, [], line)
    assert.equal(report.failureCount, 0)
    const { tally, stored, good } = report
    assert.equal(tally.total(), 5000)
    for (const lane of ['visitor', 'agent', 'poll'] as const) assert.ok(tally.sent[lane] > 1000, `${lane}: ${line}`)
    // The run reaches every kind of refusal it is meant to, on both sides of the validator.
    for (const code of ['bad_json', 'bad_frame', 'unknown_type', 'bad_field', 'too_large', 'not_ready', 'not_found']) {
      assert.ok((tally.errors.get(code as never) ?? 0) > 0, `no ${code}: ${line}`)
    }
    for (const close of ['1009/', '1013/']) assert.ok([...tally.closes.keys()].some((why) => why.startsWith(close)), `no ${close} close: ${line}`)
    assert.ok(tally.refusedRequests > 0, line)
    // Refused frames are checked against a database that does hold the markers of accepted ones.
    assert.ok(tally.refused.size > 1000 && stored.markers > 100 && tally.acked.size > 100, line)
    assert.equal(stored.refusedFound, 0)
    assert.deepEqual(good, { sent: 200, acked: 200, stored: 200, lost: 0 })
  })
})
