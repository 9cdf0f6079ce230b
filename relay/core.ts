/**
 * @module relay/core — wires the relay's logic together (views, notifications, presence,
 * routing, messages, handling) over one store, hub and write queue, and makes the per-connection
 * sessions that sockets and long-polls feed. No I/O of its own: tests build it directly.
 */
import { VISITOR_FRAME_RATE } from '../protocol/index.js'
import { createAgentSession } from './agent-session.js'
import { createApiChat } from './api-chat.js'
import { createChat } from './chat.js'
import { createDispatch } from './dispatch.js'
import { createHandling } from './handling.js'
import { createKbFeedback } from './kb-feedback.js'
import type { AgentPeer, Hub, VisitorPeer } from './hub.js'
import { createNotify } from './notify.js'
import { createPresence } from './presence.js'
import type { Agent, Store } from './store/index.js'
import { createTokenBuckets } from './token-buckets.js'
import { createViews } from './views.js'
import { createVisitorSession } from './visitor-session.js'
import type { WriteQueue } from './write-queue.js'

export interface CoreOptions {
  store: Store
  hub: Hub
  writes: WriteQueue
  /** How long an operator with no tab open keeps their chats before they go back to the queue. */
  agentGraceMs?: number
  visitorFrameRate?: { perSecond: number; burst: number }
  now?: () => number
  log?: (...args: unknown[]) => void
}

export const AGENT_GRACE_MS = 30_000

export function createCore({ store, hub, writes, agentGraceMs = AGENT_GRACE_MS, visitorFrameRate = VISITOR_FRAME_RATE, now = Date.now, log = console.error }: CoreOptions) {
  // Presence reports to routing and notifications, which need presence themselves: bind late.
  const presence = createPresence({
    graceMs: agentGraceMs,
    onChange: () => {
      notify.agents()
      dispatch.schedule()
      notify.queue()
    },
    onOffline: (agentId) => void dispatch.requeueFrom(agentId).catch((err: unknown) => log('requeue failed:', err)),
  })
  const views = createViews(store, hub, presence)
  const isOnline = (visitorId: string) => chat.isOnline(visitorId)
  const notify = createNotify(store, hub, views, isOnline)
  const dispatch = createDispatch({ store, writes, notify, presence, now, log })
  const chat = createChat({ store, hub, writes, views, notify, dispatch, now })
  const handling = createHandling({ store, hub, writes, notify, dispatch, now })
  const apiChat = createApiChat({ store, writes, notify, dispatch, now })
  const kbFeedback = createKbFeedback({ store, writes, now })
  const visitorFrames = createTokenBuckets({ ...visitorFrameRate, now })

  return {
    store,
    chat,
    handling,
    /** The REST API's writes: a bot's or an operator's message, and closing. */
    apiChat,
    presence,
    dispatch,
    visitorSession: (peer: VisitorPeer, origin: string | undefined) => createVisitorSession({ chat, handling, kbFeedback, store, visitorFrames }, peer, origin),
    agentSession: (agent: Agent, peer: AgentPeer) => createAgentSession({ chat, handling, hub, presence, views }, agent, peer),
    /** Stops every timer that would touch the store; call before closing it. */
    close(): void {
      presence.close()
      dispatch.close()
      chat.close()
      notify.close()
    },
  }
}

export type Core = ReturnType<typeof createCore>
