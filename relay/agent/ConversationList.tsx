/** @module relay/agent/ConversationList — the left column: the operator's chats, the queue (with Take), and colleagues' chats, with unread counts. */
import type { ConversationSummary } from '../../protocol/index.js'
import type { ConsoleState } from './console-state.js'
import { listed, unreadOf } from './console-views.js'
import { visitorLabel } from './labels.js'

interface ListProps {
  state: ConsoleState
  onOpen(conv: string): void
  onTake(conv: string): void
}

interface ItemProps {
  conv: ConversationSummary
  unread: number
  active: boolean
  props: ListProps
}

function QueueTags({ conv }: { conv: ConversationSummary }) {
  return (
    <span class="conv-tags">
      {conv.position !== null && <span class="tag position">#{conv.position}</span>}
      {conv.priority && <span class="tag vip">VIP</span>}
      {conv.department && <span class="tag department">{conv.department}</span>}
    </span>
  )
}

function Item({ conv, unread, active, props }: ItemProps) {
  const name = visitorLabel(conv)
  const waiting = conv.status === 'waiting'
  return (
    <li class="conv-item">
      <button type="button" class="conv" aria-current={active ? 'true' : undefined} onClick={() => props.onOpen(conv.id)}>
        <span class="conv-top">
          <span class="conv-name">{name}</span>
          {unread > 0 && (
            <span class="unread">
              {unread}
              <span class="sr-only"> unread</span>
            </span>
          )}
        </span>
        {waiting && <QueueTags conv={conv} />}
        <span class="conv-preview">{conv.lastText}</span>
        {!waiting && <span class="conv-agent">{conv.agent ? conv.agent.name : 'Unassigned'}</span>}
      </button>
      {waiting && (
        <button type="button" class="take" aria-label={`Take ${name}`} onClick={() => props.onTake(conv.id)}>
          Take
        </button>
      )}
    </li>
  )
}

function Section({ title, items, props }: { title: string; items: ConversationSummary[]; props: ListProps }) {
  return (
    <section class="conv-section">
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p class="none">None</p>
      ) : (
        <ul>
          {items.map((conv) => (
            <Item key={conv.id} conv={conv} unread={unreadOf(props.state, conv)} active={conv.id === props.state.focused} props={props} />
          ))}
        </ul>
      )}
    </section>
  )
}

export function ConversationList(props: ListProps) {
  const { mine, queue, others } = listed(props.state)
  return (
    <nav class="list" aria-label="Conversations">
      <Section title="Mine" items={mine} props={props} />
      <Section title="Queue" items={queue} props={props} />
      <Section title="Others" items={others} props={props} />
    </nav>
  )
}
