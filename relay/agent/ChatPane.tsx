/** @module relay/agent/ChatPane — one chat: its header and actions, the transfer note, the articles the visitor read, the messages oldest first (text nodes only), the visitor's typing, and the composer. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { ConversationSummary, Message, TransferNote } from '../../protocol/index.js'
import type { CannedAnswer } from './api.js'
import type { ChatView, Pending } from './console-state.js'
import type { Access } from './console-views.js'
import { Composer } from './Composer.js'
import { authorLabel, clock, visitorLabel } from './labels.js'
import { SeenArticles } from './SeenArticles.js'
import { LinkedText } from '../../widget/ui/LinkedText.js'

export interface ChatPaneProps {
  conversation: ConversationSummary | undefined
  chat: ChatView
  messages: Message[]
  pending: Pending[]
  myName: string
  access: Access
  /** When the visitor's typing indicator goes out by itself; null when not shown. */
  typingUntil: number | null
  canned: readonly CannedAnswer[]
  onDraft(text: string): void
  onSend(text: string): void
  onTyping(on: boolean): void
  onTake(): void
  onTransfer(): void
  onClose(): void
}

interface LineProps {
  author: string
  from: string
  at: number
  text: string
  status?: string
  state: string
}

function Line({ author, from, at, text, status, state }: LineProps) {
  return (
    <li class={`msg from-${from}`} data-state={state}>
      <div class="meta">
        <span class="author">{author}</span>
        <time dateTime={new Date(at).toISOString()}>{clock(at)}</time>
        {status && <span class="status">{status}</span>}
      </div>
      <p class="text">
        <LinkedText text={text} />
      </p>
    </li>
  )
}

function TransferCard({ transfer }: { transfer: TransferNote }) {
  return (
    <div class="transfer-note" role="note" aria-label="Transfer note">
      <p>
        <strong>From {transfer.from.name}:</strong> {transfer.note}
      </p>
      <time dateTime={new Date(transfer.at).toISOString()}>{clock(transfer.at)}</time>
    </div>
  )
}

/** True until `until`, then false by itself: a frame that never comes must not leave it on. */
function useUntil(until: number | null): boolean {
  const [, tick] = useState(0)
  const left = until === null ? 0 : until - Date.now()
  useEffect(() => {
    if (left <= 0) return
    const timer = setTimeout(() => tick((n) => n + 1), left)
    return () => clearTimeout(timer)
  }, [until])
  return left > 0
}

function statusLine(conv: ConversationSummary): string {
  if (conv.status === 'closed') return conv.closedAt ? `closed at ${clock(conv.closedAt)}` : 'closed'
  if (conv.status === 'waiting') return conv.position === null ? 'waiting' : `waiting · #${conv.position} in the queue`
  return conv.agent ? `open · ${conv.agent.name}` : 'open'
}

export function ChatPane(props: ChatPaneProps) {
  const { conversation, chat, messages, pending, myName, access } = props
  const log = useRef<HTMLDivElement>(null)
  const typing = useUntil(props.typingUntil)
  useLayoutEffect(() => {
    const el = log.current
    if (el) el.scrollTop = el.scrollHeight
  }, [conversation?.id, messages.length, pending.length, typing])

  return (
    <div class="chat-pane">
      <header class="chat-head">
        <h2>{conversation ? visitorLabel(conversation) : 'Loading…'}</h2>
        {conversation && <span class="chat-status">{statusLine(conversation)}</span>}
        <span class="chat-actions">
          {conversation?.status === 'waiting' && (
            <button type="button" onClick={props.onTake}>
              Take this chat
            </button>
          )}
          {access.handle && (
            <>
              <button type="button" onClick={props.onTransfer}>
                Transfer…
              </button>
              <button type="button" onClick={props.onClose}>
                Close chat
              </button>
            </>
          )}
        </span>
      </header>
      {conversation?.transfer && <TransferCard transfer={conversation.transfer} />}
      <SeenArticles articles={chat.articles} />
      <div ref={log} class="log" role="log" aria-label="Messages">
        {!chat.loaded && <p class="empty">Loading…</p>}
        <ol class="messages">
          {messages.map((m) => (
            <Line key={`s${m.seq}`} author={authorLabel(m)} from={m.from} at={m.at} text={m.text} state="sent" />
          ))}
          {pending.map((p) => (
            <Line
              key={`c${p.cid}`}
              author={myName}
              from="agent"
              at={p.at}
              text={p.text}
              state={p.error === undefined ? 'sending' : 'failed'}
              status={p.error === undefined ? 'sending…' : `failed: ${p.error}`}
            />
          ))}
        </ol>
      </div>
      <p class="typing" aria-live="polite">
        {typing ? 'Visitor is typing…' : ''}
      </p>
      <Composer
        draft={chat.draft}
        enabled={access.write}
        note={access.note}
        canned={props.canned}
        site={conversation?.site}
        onDraft={props.onDraft}
        onSend={props.onSend}
        onTyping={props.onTyping}
      />
    </div>
  )
}
