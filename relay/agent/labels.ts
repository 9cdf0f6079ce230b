/** @module relay/agent/labels — how names, authors, times, links and a visitor's verdict on an article read on the agent page. */
import type { AgentPresence, ConversationSummary, Message, SeenArticle } from '../../protocol/index.js'

export function visitorLabel(conv: Pick<ConversationSummary, 'visitorName' | 'visitorId'>): string {
  return conv.visitorName ?? `Visitor ${conv.visitorId.slice(0, 6)}`
}

export function authorLabel(message: Pick<Message, 'from' | 'name'>): string {
  if (message.from === 'visitor') return 'Visitor'
  if (message.from === 'system') return 'System'
  return message.name ?? 'Agent'
}

export const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

export const dateTime = (at: number) => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })

/** With seconds: webhook retries come seconds apart, and "tried at 10:42" twice says nothing. */
export const dateTimeSeconds = (at: number) => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' })

/** "online, 1/4 chats" — how a colleague is doing, for the transfer dialog. */
export function presenceLabel(agent: AgentPresence): string {
  const full = agent.active >= agent.capacity ? ', full' : ''
  return `${agent.status}, ${agent.active}/${agent.capacity} chats${full}`
}

/** Only these become links: a visitor-supplied `javascript:` URL must stay inert text. */
export const isWebUrl = (url: string) => /^https?:\/\//i.test(url)


/** The visitor's answer to "Did this answer your question?"; null when they gave none. */
export function helpedLabel(helped: SeenArticle['helped']): string | null {
  if (helped === null) return null
  return helped ? 'helped' : 'did not help'
}
