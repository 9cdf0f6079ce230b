/** @module scripts/chaos/check.test — the chaos verdict on made-up runs: it must see every way a message can go wrong. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { judge, type Row, type Screen } from './check.js'
import { createLedger } from './ledger.js'

const CONV = 'conv-1'

/** v0 wrote a, b; o0 wrote c; the relay added a system line at seq 2. */
function run() {
  const ledger = createLedger()
  ledger.record({ cid: 'cid-a', sender: 'v0', text: 'a' })
  ledger.record({ cid: 'cid-b', sender: 'v0', text: 'b' })
  ledger.record({ cid: 'cid-c', sender: 'o0', text: 'c', conv: CONV })
  const rows: Row[] = [
    { conv: CONV, seq: 1, cid: 'cid-a', author: 'visitor' },
    { conv: CONV, seq: 2, cid: 'sys-1', author: 'system' },
    { conv: CONV, seq: 3, cid: 'cid-b', author: 'visitor' },
    { conv: CONV, seq: 4, cid: 'cid-c', author: 'agent' },
  ]
  const shown = () => rows.map((r) => ({ cid: r.cid, seq: r.seq, delivery: 'sent' }))
  const screens: Screen[] = [
    { owner: 'v0', conv: CONV, items: shown() },
    { owner: 'o0', conv: CONV, items: shown() },
  ]
  return { ledger, rows, screens }
}

describe('judge', () => {
  it('passes a run where every screen matches SQLite', () => {
    const { ledger, rows, screens } = run()
    const verdict = judge(ledger, rows, screens, ['o0'])
    assert.deepEqual(verdict, { sent: 3, stored: 3, shown: 3, lost: 0, duplicated: 0, outOfOrder: 0, problems: [] })
  })

  it('counts a message missing from SQLite as lost', () => {
    const { ledger, rows, screens } = run()
    const verdict = judge(ledger, rows.filter((r) => r.cid !== 'cid-c'), screens, ['o0'])
    assert.equal(verdict.lost, 1)
    assert.equal(verdict.stored, 2)
  })

  it('counts a message one screen lacks as lost, and one it shows twice as duplicated', () => {
    const { ledger, rows, screens } = run()
    screens[0]!.items = screens[0]!.items.filter((item) => item.cid !== 'cid-b')
    screens[1]!.items.push({ cid: 'cid-a', seq: 5, delivery: 'sent' })
    const verdict = judge(ledger, rows, screens, ['o0'])
    assert.equal(verdict.lost, 1)
    assert.equal(verdict.duplicated, 1)
    assert.equal(verdict.shown, 1)
  })

  it('counts an operator that never opened the conversation as a screen that shows nothing', () => {
    const { ledger, rows, screens } = run()
    const verdict = judge(ledger, rows, screens, ['o0', 'o1'])
    assert.equal(verdict.lost, 3)
    assert.equal(verdict.shown, 0)
  })

  it('flags a sender whose messages were stored in another order than written', () => {
    const { ledger, rows, screens } = run()
    const swapped = rows.map((r) => (r.cid === 'cid-a' ? { ...r, cid: 'cid-b' } : r.cid === 'cid-b' ? { ...r, cid: 'cid-a' } : r))
    for (const screen of screens) screen.items = swapped.map((r) => ({ cid: r.cid, seq: r.seq, delivery: 'sent' }))
    const verdict = judge(ledger, swapped, screens, ['o0'])
    assert.equal(verdict.outOfOrder, 1)
    assert.equal(verdict.lost + verdict.duplicated, 0)
  })

  it('flags a screen that shows a message at a seq SQLite gave another', () => {
    const { ledger, rows, screens } = run()
    screens[1]!.items = screens[1]!.items.map((item) => (item.seq === 3 ? { ...item, seq: 4 } : item.seq === 4 ? { ...item, seq: 3 } : item))
    assert.equal(judge(ledger, rows, screens, ['o0']).outOfOrder, 2)
  })

  it('fails a gap in the stored seqs, a stranger row, a missing system line and an unsent message', () => {
    const { ledger, rows, screens } = run()
    rows.push({ conv: CONV, seq: 6, cid: 'cid-x', author: 'visitor' })
    screens[0]!.items = screens[0]!.items.filter((item) => item.cid !== 'sys-1')
    screens[1]!.items.push({ cid: 'cid-d', delivery: 'sending' })
    const { problems } = judge(ledger, rows, screens, ['o0'])
    assert.equal(problems.length, 4, problems.join('\n'))
  })
})
