/**
 * @module relay/visitor-session — the protocol state of one visitor connection: nothing but
 * `hello` (and `ping`) until the relay has answered it, then the visitor's frames.
 */
import type { VisitorFrame } from '../protocol/index.js'
import type { Chat } from './chat.js'
import { RelayError } from './errors.js'
import type { Handling } from './handling.js'
import type { VisitorPeer } from './hub.js'
import type { KbFeedback } from './kb-feedback.js'
import { checkSiteOrigin } from './origins.js'
import type { Site, Store, Visitor } from './store/index.js'
import type { TokenBuckets } from './token-buckets.js'

export interface VisitorSessionParts {
  chat: Chat
  handling: Handling
  kbFeedback: KbFeedback
  store: Store
  /** Frames per visitor, over all their connections and both transports. */
  visitorFrames: TokenBuckets
}

/** `origin` is the page's Origin header from the upgrade (undefined for non-browser clients). */
export function createVisitorSession({ chat, handling, kbFeedback, store, visitorFrames }: VisitorSessionParts, peer: VisitorPeer, origin: string | undefined) {
  let current: { site: Site; visitor: Visitor } | undefined

  return {
    /** Handles one frame; a message resolves once it is committed and acked. */
    receive(frame: VisitorFrame): void | Promise<void> {
      if (frame.type === 'ping') return peer.send({ type: 'pong' })
      if (frame.type === 'hello') {
        if (current) throw new RelayError('bad_frame', 'hello was already answered on this connection')
        const site = store.sites.get(frame.site)
        if (!site) throw new RelayError('unknown_site', `no site "${frame.site}" on this relay; add it with: parley site add ${frame.site}`)
        checkSiteOrigin(site, origin)
        const { visitor, welcome, latest } = chat.helloVisitor(site, frame)
        current = { site, visitor }
        peer.send(welcome)
        chat.visitorOnline(visitor.id, peer, latest)
        return
      }
      const cid = frame.type === 'msg' ? frame.cid : undefined
      if (!current) throw new RelayError('not_ready', `send hello before "${frame.type}"`, cid)
      const wait = visitorFrames.take(current.visitor.id)
      if (wait > 0) throw new RelayError('rate_limited', `you're sending too fast; try again in ${Math.ceil(wait / 1000)} s`, cid, wait)
      switch (frame.type) {
        case 'identify':
          return chat.identify(current.site, current.visitor.id, frame)
        case 'context':
          return chat.setContext(current.visitor.id, frame)
        case 'msg':
          return chat.visitorSend(current.visitor, frame, peer)
        case 'sync':
          return peer.send(chat.sync(frame, { visitor: current.visitor.id }))
        case 'typing':
          return handling.visitorTyping(current.visitor.id, frame.on)
        case 'close':
          return handling.closeByVisitor(current.visitor.id)
        case 'rate':
          return handling.rate(current.visitor.id, frame).then(() => undefined)
        case 'contact':
          return handling.contact(current.visitor.id, frame)
        case 'page':
          return chat.movedTo(current.visitor.id, frame.title === undefined ? { url: frame.url } : { url: frame.url, title: frame.title })
        case 'kb_feedback':
          return kbFeedback.record(current.visitor, frame)
      }
    },
    close(): void {
      if (current) chat.visitorOffline(current.visitor.id, peer)
    },
  }
}
