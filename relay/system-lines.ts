/** @module relay/system-lines — the English wording of what the relay writes into a conversation (clients may translate the event). */
import type { SystemEvent } from '../protocol/index.js'

export function englishLine(event: SystemEvent): string {
  switch (event.kind) {
    case 'joined':
      return `${event.agent} joined the chat`
    case 'took_over':
      return `${event.agent} took over from ${event.from}`
    case 'to_department':
      return `${event.from} passed the chat to ${event.department}; the next free operator there will answer`
    case 'requeued':
      return `${event.agent} is no longer available; you are back at the front of the queue`
    case 'closed':
      return event.by === 'visitor' ? 'The visitor closed the chat' : `${event.agent} closed the chat`
  }
}
