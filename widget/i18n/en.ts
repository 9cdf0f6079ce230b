/** @module widget/i18n/en — English; the wording other tests match, so change it only together with them. */
import { plural } from './plural.js'
import type { EmailStrings, RatingStrings, SeldomStrings, SelfServiceStrings, Strings } from './types.js'

export const en: Strings = {
  title: 'Chat with us',
  closeChat: 'Close chat',
  conversation: 'Conversation',
  empty: 'Ask us anything — we usually answer within minutes.',
  placeholder: 'Write a message…',
  composerLabel: 'Write a message',
  send: 'Send',
  you: 'You',
  operator: 'Operator',
  sending: 'Sending…',
  seen: 'Seen',
  failed: 'Not sent',
  link: {
    connecting: 'Connecting…',
    online: 'Online',
    offline: 'Reconnecting…',
    stopped: 'Chat unavailable',
  },
  outboxFull: 'Too many messages are waiting to send. They will go out when the connection is back.',
  endChat: 'End chat',
  withAgent: (name) => `You're chatting with ${name}`,
  queued: (position) => (position === 1 ? "You're next in line" : `You're number ${position} in line`),
  eta: (seconds) => (seconds < 90 ? 'about a minute' : `about ${Math.round(seconds / 60)} minutes`),
  etaUnknown: "we can't estimate the wait yet",
  typing: (name) => `${name} is typing…`,
  system: (e) => (e.kind === 'joined' ? `${e.agent} joined the chat` : e.by === 'visitor' ? 'You closed the chat' : `${e.agent} closed the chat`),
  waiting: (n) => `${n} ${plural('en', n, { one: 'message', other: 'messages' })} waiting to send`,
}

export const enSelfService: SelfServiceStrings = {
  suggested: 'Suggested answers',
  answered: 'Did this answer your question?',
  yes: 'Yes',
  no: 'No',
  talk: 'Talk to a person',
  thanks: 'Glad that helped!',
  ask: "Write your question and we'll pass it on",
  back: 'Back to suggestions',
}

export const enRating: RatingStrings = {
  closed: 'This chat has ended. Write again any time to start a new one.',
  prompt: 'How was this chat?',
  star: (n) => `Rate ${n} of 5`,
  comment: 'Comment (optional)',
  send: 'Send rating',
  thanks: 'Thanks for your feedback!',
}

export const enEmail: EmailStrings = {
  nobodyOnline: "No one is online right now. Leave a message and we'll answer here.",
  prompt: 'Want the answer by email too?',
  label: 'Your email',
  save: 'Save',
  saved: "Thanks — we'll also write to you there.",
}

export const enSeldom: SeldomStrings = {
  slowLink: 'Online · slow link',
  tooFast: "You're sending too fast — wait a moment; your messages will go out by themselves.",
  tooManyChats: "You've started many chats this hour. Your message will go out later by itself.",
  system: (e) =>
    e.kind === 'took_over'
      ? `${e.agent} took over from ${e.from}`
      : e.kind === 'to_department'
        ? `${e.from} passed the chat to ${e.department}; the next free operator there will answer`
        : `${e.agent} is no longer available; you are back at the front of the queue`,
}
