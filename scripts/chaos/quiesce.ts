/** @module scripts/chaos/quiesce — after the faults: wait, bounded, until every outbox is empty and every screen of a conversation shows the same thing. */
import type { Screen } from './check.js'
import type { Operator } from './operator.js'
import type { Visitor } from './visitor.js'

const POLL_MS = 100

const sameList = (a: readonly { cid: string; seq?: number }[], b: readonly { cid: string; seq?: number }[]) =>
  a.length === b.length && a.every((item, i) => item.cid === b[i]!.cid && item.seq === b[i]!.seq)

/** Everything every page shows, per conversation: visitors their own, operators every visitor's. */
export function captureScreens(visitors: readonly Visitor[], operators: readonly Operator[]): Screen[] {
  const screens: Screen[] = visitors.map((v) => ({
    owner: v.name,
    conv: v.conv(),
    items: v.state().items.map((item) => ({ cid: item.cid, ...(item.seq !== undefined && { seq: item.seq }), delivery: item.delivery })),
  }))
  const convs = new Set(visitors.map((v) => v.conv()).filter((c): c is string => c !== null))
  for (const operator of operators) {
    for (const conv of convs) {
      const shown = operator.screen(conv)
      if (shown) screens.push({ owner: operator.name, conv, items: shown.map((m) => ({ cid: m.cid, seq: m.seq, delivery: 'sent' })) })
    }
  }
  return screens
}

/** Why the run is not settled yet; empty when it is. */
export function unsettled(visitors: readonly Visitor[], operators: readonly Operator[], wrote: (name: string) => boolean): string[] {
  const reasons: string[] = []
  const convs: string[] = []
  for (const v of visitors) {
    const state = v.state()
    if (!v.settled()) reasons.push(`${v.name}: link ${state.link} via ${state.via}, ${state.waiting} unacked`)
    const conv = v.conv()
    if (conv) convs.push(conv)
    else if (wrote(v.name)) reasons.push(`${v.name}: shows no conversation`)
  }
  for (const o of operators) {
    if (!o.settled(convs)) reasons.push(`${o.name}: ${o.connected() ? 'online' : 'offline'}, ${o.pendingCount()} unacked, or a conversation not shown yet`)
  }
  const screens = captureScreens(visitors, operators)
  for (const conv of convs) {
    const [first, ...others] = screens.filter((s) => s.conv === conv)
    for (const other of others) if (first && !sameList(first.items, other.items)) reasons.push(`${conv}: ${first.owner} and ${other.owner} show different messages`)
  }
  return reasons
}

/** Resolves with the reasons it is still not settled when `ms` ran out (empty: it settled). */
export async function quiesce(visitors: readonly Visitor[], operators: readonly Operator[], wrote: (name: string) => boolean, ms: number): Promise<string[]> {
  const deadline = performance.now() + ms
  for (;;) {
    const reasons = unsettled(visitors, operators, wrote)
    if (reasons.length === 0 || performance.now() >= deadline) return reasons
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
