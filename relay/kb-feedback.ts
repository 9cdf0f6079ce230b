/**
 * @module relay/kb-feedback — a visitor's answer to "Did this answer your question?" under a
 * knowledge-base article (issue 8). It counts for the article (deflections) and, when the
 * visitor then asks anyway, shows beside their question: at once if a conversation is open,
 * else on the conversation their next message starts (relay/store/kb-use.ts).
 */
import type { VisitorKbFeedback } from '../protocol/index.js'
import type { Store, Visitor } from './store/index.js'
import type { WriteQueue } from './write-queue.js'

export function createKbFeedback({ store, writes, now }: { store: Store; writes: WriteQueue; now: () => number }) {
  return {
    /**
     * Through the write queue, so it lands before a message sent right after it ("no, talk to a
     * person"). An id the visitor's site has no article for is ignored, as in a message's
     * `articles`: the article may have been removed while the visitor read it.
     */
    async record(visitor: Visitor, frame: VisitorKbFeedback): Promise<void> {
      await writes.write(() => {
        const conv = store.conversations.latestFor(visitor.id)
        const open = conv && conv.status !== 'closed' ? conv.id : null
        store.kbUse.answer({ visitor: visitor.id, site: visitor.siteId, article: frame.article, helped: frame.helped, conv: open }, now())
      })
    },
  }
}

export type KbFeedback = ReturnType<typeof createKbFeedback>
