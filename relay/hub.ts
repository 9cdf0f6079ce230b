/**
 * @module relay/hub — who is connected right now, and to what. Pure bookkeeping in memory:
 * a Peer is anything with `send`, so the hub knows nothing of sockets or HTTP.
 */
import type { ToAgent, ToVisitor } from '../protocol/index.js'
import { servesSite } from './routing.js'

export interface Peer<F> {
  send(frame: F): void
}
/**
 * `page`: the long-polling page a request comes from. A page's requests are one screen, so what
 * one of them causes is not sent to the page's others (its held poll would wake for nothing).
 */
export type VisitorPeer = Peer<ToVisitor> & { page?: string }
/** `sites`: the sites the operator serves (empty: every site); frames about others never reach them. */
export type AgentPeer = Peer<ToAgent> & { agentId: string; sites: readonly string[] }

export function createHub() {
  const visitors = new Map<string, Set<VisitorPeer>>()
  const agents = new Set<AgentPeer>()
  const watchers = new Map<string, Set<AgentPeer>>() // conversation id → agent peers that opened it

  return {
    /** Returns true when this is the visitor's first live connection. */
    addVisitor(visitorId: string, peer: VisitorPeer): boolean {
      const peers = visitors.get(visitorId) ?? new Set()
      peers.add(peer)
      visitors.set(visitorId, peers)
      return peers.size === 1
    },
    /** Returns true when the visitor has no live connection left. */
    removeVisitor(visitorId: string, peer: VisitorPeer): boolean {
      const peers = visitors.get(visitorId)
      if (!peers) return true
      peers.delete(peer)
      if (peers.size > 0) return false
      visitors.delete(visitorId)
      return true
    },
    isVisitorOnline: (visitorId: string): boolean => visitors.has(visitorId),
    visitorConnections: (visitorId: string): number => visitors.get(visitorId)?.size ?? 0,
    /** To every connection of the visitor but `except` (and the other requests of its page). */
    toVisitor(visitorId: string, frame: ToVisitor, except?: VisitorPeer): void {
      const page = except?.page
      for (const peer of visitors.get(visitorId) ?? []) if (peer !== except && (page === undefined || peer.page !== page)) peer.send(frame)
    },

    addAgent(peer: AgentPeer): void {
      agents.add(peer)
    },
    removeAgent(peer: AgentPeer): void {
      agents.delete(peer)
      for (const [conv, peers] of watchers) {
        peers.delete(peer)
        if (peers.size === 0) watchers.delete(conv)
      }
    },
    watch(conv: string, peer: AgentPeer): void {
      const peers = watchers.get(conv) ?? new Set()
      peers.add(peer)
      watchers.set(conv, peers)
    },
    /** For what differs per operator (the team each one sees). */
    eachAgent(send: (peer: AgentPeer) => void): void {
      for (const peer of agents) send(peer)
    },
    /** To every operator; with `site`, only to those who serve it. */
    toAgents(frame: ToAgent, site?: string): void {
      for (const peer of agents) if (servesSite(peer, site)) peer.send(frame)
    },
    toWatchers(conv: string, frame: ToAgent, except?: AgentPeer): void {
      for (const peer of watchers.get(conv) ?? []) if (peer !== except) peer.send(frame)
    },
    counts: () => ({ visitors: visitors.size, agents: agents.size }),
  }
}

export type Hub = ReturnType<typeof createHub>
