/** @module widget/i18n/types — the shape every language's dictionary must fill: one entry per thing the widget says. */
import type { SystemEvent } from '../../protocol/frames.js'
import type { LinkState } from '../link/socket.js'

/**
 * Functions take the number or name the sentence is built around, so each language can decline
 * nouns and pick plural forms itself instead of the English word order being baked in.
 */
export interface Strings {
  title: string
  closeChat: string
  conversation: string
  empty: string
  placeholder: string
  composerLabel: string
  send: string
  you: string
  operator: string
  sending: string
  /** Under the visitor's own message once an operator has read it. */
  seen: string
  failed: string
  link: Record<LinkState, string>
  /**
   * The device holds as many unsent messages as it will: this one was not taken. Not a seldom
   * word, though seldom seen: it comes while the link is down, when no part could be fetched.
   */
  outboxFull: string
  endChat: string
  withAgent(name: string): string
  /** `position` is 1-based: 1 means next in line. */
  queued(position: number): string
  /** Shown after `queued`, so it starts in lower case where the language allows. */
  eta(seconds: number): string
  etaUnknown: string
  typing(name: string): string
  /** A line the relay wrote into the conversation that most chats have: an operator joined, the chat closed. */
  system(event: CommonEvent): string
  waiting(n: number): string
}

/** What the relay writes into most conversations; the widget carries its words. */
export type CommonEvent = Extract<SystemEvent, { kind: 'joined' | 'closed' }>
/** Transfers and requeues: few chats have one, so their words are seldom words. */
export type SeldomEvent = Exclude<SystemEvent, CommonEvent>

/**
 * Words few visitors ever see, all while the link is up: a slow link, the relay's limits, a chat passed on. They ship as a
 * small part of their own (widget/ui/seldom-words), fetched the first time one is to be shown;
 * until it arrives the header says plain "online" and the notice or system line waits for it.
 */
export interface SeldomStrings {
  /** Online over long-polling: it works, but the visitor should know replies may lag. */
  slowLink: string
  /** The relay asked the widget to slow down; waiting messages go out by themselves. */
  tooFast: string
  /** The relay allows a visitor only so many new chats an hour; the message waits for the next. */
  tooManyChats: string
  /** A line the relay wrote into the conversation: someone took over, the chat went to a department… */
  system(event: SeldomEvent): string
}

/**
 * The words of self-service (issue 8): suggested articles while the visitor types, an article
 * read in the panel, and the way to a person. They ship with that part (widget/ui/SelfService),
 * not with the widget: only visitors who type a question download them.
 */
export interface SelfServiceStrings {
  /** Heads (and names) the list of suggested articles. */
  suggested: string
  /** Asked under an article. */
  answered: string
  yes: string
  no: string
  /** Always on offer beside the suggestions and under an article: straight to the queue. */
  talk: string
  /** After "yes": the panel goes back to empty. */
  thanks: string
  /** "Talk to a person" with nothing written yet. */
  ask: string
  /** From an article back to the suggestions. */
  back: string
}

/**
 * The words of the rating form, asked for once a chat has ended. They ship with that part
 * (widget/ui/RatingPrompt), like self-service's: only visitors whose chat ends download them.
 */
export interface RatingStrings {
  /** Heads the form: the chat is over, and writing again starts a new one. */
  closed: string
  prompt: string
  /** The label of the star that gives `n` of 5. */
  star(n: number): string
  comment: string
  send: string
  /** Once the relay has stored the rating. */
  thanks: string
}

/**
 * The words of the email form, offered while nobody is online, and of the line that says so.
 * They ship with that part (widget/ui/EmailForm): only visitors who find nobody online download them.
 */
export interface EmailStrings {
  /** Heads the status line whenever nobody is online, before the form (when there is a conversation to leave it for). */
  nobodyOnline: string
  prompt: string
  label: string
  save: string
  /** Once the email is sent, in place of the form. */
  saved: string
}
