/**
 * @module widget/ui/Panel — the open chat: header with the link state, where the chat stands, the
 * conversation, suggested articles while a first question is written, the composer.
 */
import type { ChatState } from '../chat-client.js'
import { Composer } from './Composer.js'
import { MessageList } from './MessageList.js'
import { seldom } from './seldom.js'
import { SelfService } from './self-service.js'
import { lazyPart } from './lazy.js'
import { StatusLine } from './StatusLine.js'
import { STRINGS } from './strings.js'
import type { View } from './view.js'

/** Only a visitor whose chat has ended sees it: fetched then. */
const RatingPrompt = lazyPart(() => import('./RatingPrompt.js').then((m) => ({ part: m.RatingPrompt, css: m.RATING_CSS })))

export function Panel({ state, view, title }: { state: ChatState; view: View; title: string }) {
  const status = state.conversation?.status
  const going = status === 'waiting' || status === 'open'
  // The relay's limits are worded by the seldom words: shown once they have arrived.
  const notice = state.notice && (state.notice.kind === 'relay' ? state.notice.text : state.notice.kind === 'outboxFull' ? STRINGS.outboxFull : seldom()?.[state.notice.kind])
  return (
    <section class="panel" part="panel" role="dialog" aria-label={title}>
      <header class="header" part="header">
        <h2>{title}</h2>
        <span class="link" data-link={state.link} data-via={state.via} role="status">
          {/* Plain "online" until the seldom words are there to say the link is slow. */}
          {(state.link === 'online' && state.via === 'lp' && seldom()?.slowLink) || STRINGS.link[state.link]}
        </span>
        {going && (
          <button type="button" class="end" onClick={() => view.client.tell({ type: 'close' })}>
            {STRINGS.endChat}
          </button>
        )}
        <button type="button" class="close" aria-label={STRINGS.closeChat} onClick={view.close}>
          ×
        </button>
      </header>
      <StatusLine state={state.conversation} view={view} />
      <MessageList items={state.items} typing={state.typing} seen={state.conversation?.seen ?? 0} logRef={view.refs.log} />
      {status === 'closed' && <RatingPrompt state={state.conversation} view={view} />}
      {!going && view.local.kb && <SelfService view={view} />}
      {state.waiting > 0 && state.link !== 'online' && (
        <p class="waiting" data-waiting={state.waiting}>
          {STRINGS.waiting(state.waiting)}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <Composer view={view} />
    </section>
  )
}
