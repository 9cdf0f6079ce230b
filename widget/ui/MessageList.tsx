/**
 * @module widget/ui/MessageList — the conversation as a polite live log. Every text is a
 * text node: nothing a visitor or operator writes can become HTML.
 */
import type { Ref } from 'preact'
import type { SystemEvent } from '../../protocol/frames.js'
import type { Shown } from '../conversation.js'
import { formatTime, localeFor } from '../i18n/index.js'
import { LinkedText } from './LinkedText.js'
import { seldom } from './seldom.js'
import { LANG, STRINGS } from './strings.js'

const locale = localeFor(LANG, navigator.languages ?? [])
const time = (at: number) => formatTime(at, locale)

function author(item: Shown): string {
  if (item.from === 'visitor') return STRINGS.you
  return item.name ?? STRINGS.operator
}

function status(item: Shown, seen: number): string {
  if (item.delivery === 'sending') return STRINGS.sending
  if (item.from === 'visitor' && item.seq !== undefined && item.seq <= seen) return `${time(item.at)} · ${STRINGS.seen}`
  if (item.delivery === 'failed') return `${STRINGS.failed}: ${item.error ?? ''}`
  return time(item.at)
}

/** What the relay wrote, in the visitor's language: a transfer's words are seldom words, empty until they arrive. */
const systemLine = (e: SystemEvent) => (e.kind === 'joined' || e.kind === 'closed' ? STRINGS.system(e) : seldom()?.system(e))

/** Messages from one author within a few minutes form a group: the name and time show once, under the last. */
const GROUP_MS = 5 * 60_000
const endsGroup = (item: Shown, next: Shown | undefined) =>
  !next || next.from !== item.from || next.name !== item.name || next.at - item.at > GROUP_MS || item.delivery !== 'sent' || next.delivery !== 'sent'

interface Props {
  items: Shown[]
  typing?: string | undefined
  seen?: number
  /** The view scrolls this to the newest message. */
  logRef?: Ref<HTMLDivElement>
}

export function MessageList({ items, typing, seen = 0, logRef }: Props) {
  return (
    <div ref={logRef} class="log" role="log" aria-live="polite" aria-label={STRINGS.conversation} part="log">
      {items.length === 0 && <p class="empty">{STRINGS.empty}</p>}
      {items.map((item, i) =>
        item.from === 'system' ? (
          <p key={item.cid} class="system">
            {item.event ? systemLine(item.event) : item.text}
          </p>
        ) : (
          <div
            key={item.cid}
            class={`msg ${item.from === 'visitor' ? 'mine' : 'theirs'} ${item.delivery}`}
            data-delivery={item.delivery}
            data-seen={item.from === 'visitor' && item.seq !== undefined && item.seq <= seen ? '' : undefined}
          >
            <div class="bubble" part="bubble">
              <LinkedText text={item.text} />
            </div>
            {endsGroup(item, items[i + 1]) && (
              <div class="meta">
                {author(item)} · {status(item, seen)}
              </div>
            )}
          </div>
        ),
      )}
      {typing && <p class="typing">{STRINGS.typing(typing)}</p>}
    </div>
  )
}
