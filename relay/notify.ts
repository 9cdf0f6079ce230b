/**
 * @module relay/notify — tells everyone who should know that something changed: operators get
 * conversation summaries, visitor cards and the team list; visitors get their conversation state.
 */
import type { Message } from '../protocol/index.js'
import type { AgentPeer, Hub, VisitorPeer } from './hub.js'
import type { Store } from './store/index.js'
import { createPacer } from './pacer.js'
import type { Views } from './views.js'

/** How often operators' lists may be told of one busy conversation. */
export const SUMMARY_EVERY_MS = 1000

export function createNotify(store: Store, hub: Hub, views: Views, isOnline: (visitorId: string) => boolean) {
  // A summary goes to every operator of the site, and under load rebuilding it per message was
  // a fifth of the relay's work (npm run bench --profile). A busy conversation is summarized at
  // most every SUMMARY_EVERY_MS, as it stands then; a quiet one at once. Messages themselves
  // reach the operators watching the chat without delay.
  const summaries = createPacer(SUMMARY_EVERY_MS, (convId) => {
    const conv = store.conversations.get(convId)
    if (conv) hub.toAgents({ type: 'conv', conversation: views.summarize(conv) }, conv.siteId)
  })

  return {
    conversation(convId: string): void {
      summaries.changed(convId)
    },
    /** Stops before the store closes; summaries not sent yet no longer matter then. */
    close(): void {
      summaries.close()
    },
    /** Operators looking at the visitor's newest conversation see their card change live. */
    visitor(visitorId: string): void {
      const visitor = store.visitors.get(visitorId)
      const conv = store.conversations.latestFor(visitorId)
      if (visitor && conv) hub.toWatchers(conv.id, { type: 'visitor', visitor: views.card(visitor, isOnline(visitorId)) })
    },
    visitorState(visitorId: string): void {
      hub.toVisitor(visitorId, views.visitorState(visitorId))
    },
    /** The queue moved: every waiting conversation's summary and visitor learn their new place. */
    queue(): void {
      const queue = views.positions()
      for (const conv of store.conversations.listWaiting()) {
        hub.toAgents({ type: 'conv', conversation: views.summarize(conv, queue) }, conv.siteId)
        hub.toVisitor(conv.visitorId, views.visitorState(conv.visitorId, queue))
      }
    },
    agents(): void {
      const team = views.team()
      hub.eachAgent((peer) => peer.send({ type: 'agents', agents: views.teamFor(peer, team) }))
    },
    /** A committed message: to the visitor's tabs and the operators watching, except its sender. */
    message(message: Message, visitorId: string, from: { visitor?: VisitorPeer; agent?: AgentPeer } = {}): void {
      // One frame object for both: the sockets encode a frame once however many peers get it.
      const frame = { type: 'msg', message } as const
      hub.toVisitor(visitorId, frame, from.visitor)
      hub.toWatchers(message.conv, frame, from.agent)
    },
  }
}

export type Notify = ReturnType<typeof createNotify>
