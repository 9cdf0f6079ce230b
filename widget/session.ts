/**
 * @module widget/session — the visitor's side of the protocol, free of the DOM so it also runs
 * in Node (the chaos test drives real sessions): says hello with what it already shows, writes
 * each message to the outbox on the device before it first goes out, re-sends the outbox on
 * every connect until acked, fills gaps, follows epochs, and keeps the log on the device.
 *
 * In a browser with several tabs only one session holds the link (the leader); the others are
 * passive: they apply the frames the leader passes on and hand their messages to it.
 */
import { newCid } from '../protocol/cid.js'
import type { ErrorCode } from '../protocol/codes.js'
import type { Context, Message, Page, ToVisitor, VisitorFrame, VisitorHello, VisitorIdentify, VisitorRate, VisitorSend, VisitorState } from '../protocol/frames.js'
import { MAX_TEXT_LENGTH } from '../protocol/limits.js'
import { createConversation, type Outgoing, type Shown, type Snapshot } from './conversation.js'
import type { Emitter } from './emitter.js'
import { createLink, type Link, type Memory, type Via } from './link/link.js'
import type { LinkState } from './link/socket.js'

/** Where the session keeps what must survive a reload. Every method may fail quietly. */
export interface Persistence {
  load(): Promise<{ token?: string; snapshot?: Snapshot; outbox: Outgoing[] }>
  saveToken(token: string): void
  saveSnapshot(snapshot: Snapshot): void
  /** Resolves once the message is on the device: only then is it sent. */
  addOutgoing(item: Outgoing): Promise<void>
  removeOutgoing(cid: string): void
  clear(): Promise<void>
}

/** Messages written but not yet acked, at most; past it the visitor is told to wait. */
export const MAX_OUTBOX = 50

export interface SessionState {
  link: LinkState
  via: Via
  items: Shown[]
  /** Messages written here that the relay has not acknowledged yet. */
  waiting: number
  notice?: Notice
  /** Where the conversation stands (queue, operator, closed, rating), as the relay last said. */
  conversation?: VisitorState
  /** The name of the operator typing right now. */
  typing?: string
}

/** An operator's "typing" fades if no word follows (the stop may have been lost). */
export const TYPING_FADES_MS = 6_000

export interface SessionOptions {
  relay: string
  site: string
  persistence: Persistence
  events: Emitter
  /** For the console: problems a developer can act on. */
  report(message: string): void
  page?(): Page | undefined
  memory?: Memory
  onChange(): void
  /** Leader only: every frame from the relay, to pass on to passive tabs. */
  onRelayFrame?(frame: ToVisitor): void
  /** Passive only: a message written here, for the leader to send. */
  onOutgoing?(item: Outgoing): void
  /** Passive only: identity or context given here, for the leader to send. */
  onForward?(frame: VisitorFrame): void
}

/** Refusals that point at the embedding page's code: for the console, not for the visitor's eyes. */
const DEVELOPER_ERRORS: readonly ErrorCode[] = ['bad_json', 'bad_frame', 'unknown_type', 'bad_field', 'bad_hash', 'not_ready']

/** What the panel tells the visitor besides the chat: its own words for ours, the relay's for the rest. */
export type Notice = { kind: 'outboxFull' | 'tooFast' | 'tooManyChats' } | { kind: 'relay'; text: string }
const OUTBOX_FULL: Notice = { kind: 'outboxFull' }
const TOO_FAST: Notice = { kind: 'tooFast' }
const TOO_MANY_CHATS: Notice = { kind: 'tooManyChats' }
/** A wait longer than this is not "sending too fast" but the hourly limit on new chats. */
const LONG_WAIT_MS = 60_000

/** The frame that sends (or sends again) a message from the outbox. */
const msgFrame = ({ cid, text, articles }: Outgoing): VisitorSend => ({ type: 'msg', cid, text, ...(articles && { articles }) })

export function createSession(options: SessionOptions) {
  const { persistence, events } = options
  const conversation = createConversation()
  let token: string | undefined
  let identity: VisitorIdentify | undefined
  let context: Context = {}
  let link: Link | undefined
  let syncing = false
  let more = false // the relay said a replay has more pages than it sent
  let ready = false
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let typingTimer: ReturnType<typeof setTimeout> | undefined
  // Given here and not yet in the relay's state: sent again with the settings (the same rating is
  // a resend to the relay), and `rated` fires once the state has it.
  let rating: VisitorRate | undefined
  let lastAt = 0
  // Refused as too fast: messages wait and go again one at a time, in order, at the relay's pace.
  let paced = false
  let paceTimer: ReturnType<typeof setTimeout> | undefined
  // A refusal without a cid may have been identity or context: they go again once the way is clear.
  let settingsRefused = false
  let state: SessionState = { link: 'connecting', via: 'ws', items: [], waiting: 0 }

  function update(patch: Partial<SessionState>): void {
    state = { ...state, ...patch }
    options.onChange()
  }
  const refresh = () => update({ items: conversation.list(), waiting: conversation.pending().length })

  function saveLog(): void {
    if (!link) return // passive tabs leave the device log to the leader
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => persistence.saveSnapshot(conversation.snapshot()), 50)
  }

  function hello(): VisitorHello {
    const conv = conversation.id
    const epoch = conversation.epoch
    const page = options.page?.()
    return {
      type: 'hello',
      site: options.site,
      ...(token && { token }),
      ...(conv && epoch && { conv, epoch, lastSeq: conversation.lastSeq() }),
      ...(page && { page }),
    }
  }

  /** Sends the oldest waiting message again; once none waits, the visitor may send freely. */
  function sendNextPaced(): void {
    const next = conversation.pending()[0]
    if (next) return void link?.send(msgFrame(next))
    paced = false
    if (settingsRefused) sendSettings()
    if (state.notice === TOO_FAST || state.notice === TOO_MANY_CHATS) update({ notice: undefined })
  }

  /** Asks for what is missing: the rest of a paged replay, or a gap in live messages. */
  function fillGaps(): void {
    const conv = conversation.id
    if (!link || syncing || !conv || !(more || conversation.hasGap())) return
    syncing = link.send({ type: 'sync', conv, after: conversation.lastSeq() })
  }

  function show(message: Message): void {
    if (conversation.receive(message)) events.emit('message', message)
  }

  /** Applies one frame from the relay; the leader then acts on it, passive tabs only show it. */
  function apply(frame: ToVisitor): void {
    switch (frame.type) {
      case 'welcome':
        token = frame.token
        conversation.setConversation(frame.conv, frame.epoch, frame.reset)
        for (const message of frame.messages) conversation.receive(message)
        if (link) {
          persistence.saveToken(frame.token)
          more = frame.more
          fillGaps()
        }
        becomeReady()
        break
      case 'page':
        const ours = frame.conv === conversation.id && frame.epoch === conversation.epoch
        if (ours) for (const message of frame.messages) show(message)
        syncing = false
        more = ours && frame.more
        fillGaps()
        break
      case 'ack': {
        const message = conversation.ack(frame.cid, frame.conv, frame.seq)
        if (link) persistence.removeOutgoing(frame.cid)
        if (message) events.emit('message', message)
        if (paced && link) sendNextPaced()
        fillGaps()
        break
      }
      case 'msg':
        show(frame.message)
        if (frame.message.from === 'agent') stopTyping()
        fillGaps()
        break
      case 'state':
        update({ conversation: frame })
        // The relay has the rating: tell the page, once.
        if (rating?.conv === frame.conv && frame.rating) {
          events.emit('rated', { conv: frame.conv, ...frame.rating })
          rating = undefined
        }
        break
      case 'typing':
        clearTimeout(typingTimer)
        if (frame.on) typingTimer = setTimeout(stopTyping, TYPING_FADES_MS)
        update({ typing: frame.on ? frame.name : undefined })
        break
      case 'error':
        if (frame.code === 'rate_limited') {
          // Nothing is lost: the message stays in the outbox and goes again after the wait.
          update({ notice: (frame.retryAfter ?? 0) > LONG_WAIT_MS ? TOO_MANY_CHATS : TOO_FAST })
          if (link) {
            paced = true
            settingsRefused ||= !frame.cid
            clearTimeout(paceTimer)
            paceTimer = setTimeout(sendNextPaced, frame.retryAfter ?? 1000)
          }
        } else if (frame.cid && conversation.fail(frame.cid, frame.message) && link) persistence.removeOutgoing(frame.cid)
        else if (!frame.cid && !DEVELOPER_ERRORS.includes(frame.code)) update({ notice: { kind: 'relay', text: frame.message } })
        options.report(`${frame.code}: ${frame.message}`)
        events.emit('error', { code: frame.code, message: frame.message })
        break
    }
    saveLog()
    refresh()
  }

  /** The first welcome (or, in a passive tab, the leader's snapshot): `ready` fires once. */
  function becomeReady(): void {
    if (ready) return
    ready = true
    events.emit('ready')
  }

  function stopTyping(): void {
    clearTimeout(typingTimer)
    if (state.typing !== undefined) update({ typing: undefined })
  }

  /** The link is up: everything the relay should know or hold goes (again); resending is safe. */
  function flush(): void {
    syncing = false
    paced = false
    clearTimeout(paceTimer)
    sendSettings()
    for (const item of conversation.pending()) link?.send(msgFrame(item))
    fillGaps()
  }

  /** Who the visitor is, what the page told us and a rating not yet stored: resending each is safe. */
  function sendSettings(): void {
    settingsRefused = false
    if (identity) link?.send(identity)
    if (Object.keys(context).length) link?.send({ type: 'context', data: context })
    if (rating) link?.send(rating)
  }

  /** Keeps what sendSettings sends again: who the visitor is, the page's context, a rating. */
  function remember(frame: VisitorFrame): void {
    if (frame.type === 'identify') identity = frame
    if (frame.type === 'context') context = { ...context, ...frame.data }
    if (frame.type === 'rate') rating = frame
  }

  /** Sends a frame from the page or the widget's own forms (a passive tab hands it to the leader). */
  function transmit(frame: VisitorFrame): void {
    remember(frame)
    if (link) link.send(frame)
    else options.onForward?.(frame)
  }

  return {
    getState: (): SessionState => state,
    get connected(): boolean {
      return link !== undefined
    },

    /** Paints what the device kept, before any network. */
    async restore(): Promise<void> {
      const stored = await persistence.load()
      token ??= stored.token
      if (stored.snapshot && conversation.id === null) conversation.restore(stored.snapshot)
      for (const item of stored.outbox.sort((a, b) => a.at - b.at)) {
        conversation.queue(item)
        lastAt = Math.max(lastAt, item.at)
      }
      refresh()
    },

    /** Takes the link (this tab leads). Passive tabs call this when the leader is gone. */
    async connect(): Promise<void> {
      if (link) return
      await this.restore() // the old leader may have left messages in the outbox
      link = createLink({
        relay: options.relay,
        site: options.site,
        hello,
        memory: options.memory,
        onFrame(frame) {
          apply(frame)
          options.onRelayFrame?.(frame)
        },
        onReady: flush,
        onState(linkState, via) {
          update({ link: linkState, via })
          if (linkState === 'stopped') options.report('the relay refused this page; check data-site and the site\'s allowed origins (parley site add … --origin)')
        },
      })
    },

    /** Passive tabs: a frame the leader received. */
    apply,
    /** Leader: what a newly opened tab needs to catch up. */
    snapshot: (): Snapshot => conversation.snapshot(),
    /** Passive tabs: the leader's view, when this tab opens. */
    catchUp(snapshot: Snapshot): void {
      conversation.restore(snapshot)
      becomeReady()
      refresh()
    },
    /** Passive tabs: the leader's link state. */
    setLink(linkState: LinkState, via: Via): void {
      update({ link: linkState, via })
    },
    /** Leader: a message written in a passive tab (already on the device). */
    adopt(item: Outgoing): void {
      if (conversation.has(item.cid)) return
      conversation.queue(item)
      refresh()
      link?.send(msgFrame(item))
    },
    /** Leader: a frame a passive tab handed over; kept like this tab's own, to go again when needed. */
    forward(frame: VisitorFrame): void {
      remember(frame)
      link?.send(frame)
    },

    /**
     * Shows the message at once, puts it on the device, then sends it; false if it cannot be taken.
     * `articles`: knowledge-base articles the visitor read before writing it.
     */
    send(text: string, articles?: string[]): boolean {
      if (text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
        options.report(`send: text must be 1 to ${MAX_TEXT_LENGTH} characters`)
        return false
      }
      if (conversation.pending().length >= MAX_OUTBOX) {
        update({ notice: OUTBOX_FULL })
        return false
      }
      // Strictly increasing times keep the written order through a reload: the outbox comes
      // back from the device sorted by `at`, and two messages can share a millisecond.
      lastAt = Math.max(Date.now(), lastAt + 1)
      const item: Outgoing = { cid: newCid(), text, at: lastAt, ...(articles?.length && { articles }) }
      conversation.queue(item)
      refresh()
      // Written before the first send: a reload, a crash or a closed tab cannot lose it.
      void persistence.addOutgoing(item).finally(() => {
        if (!conversation.has(item.cid)) return
        if (!link) options.onOutgoing?.(item)
        else if (!paced) link.send(msgFrame(item)) // else it waits its turn
      })
      if (state.notice === OUTBOX_FULL) update({ notice: undefined })
      return true
    },
    /** Who the visitor is, as the page said (checked by widget/api; the relay checks it again, fully). */
    identify: (frame: VisitorIdentify): void => transmit(frame),
    setContext: (data: Context): void => transmit({ type: 'context', data }),
    nudge(): void {
      link?.nudge()
    },
    /**
     * A frame from the widget's forms, which build and check it themselves (the rating, the email
     * left while nobody is online, the answer to "did this article help?"): one way out for all.
     * A rating makes `rated` fire once the relay has stored it.
     */
    tell: transmit,
    /** A single-page app moved on: tell the relay (the next hello would, too). */
    movedTo(page: Page): void {
      transmit({ type: 'page', ...page })
    },
    /** Forgets this visitor on this device; a new anonymous visitor starts on the next connect. */
    async forget(): Promise<void> {
      link?.close()
      link = undefined
      clearTimeout(saveTimer)
      token = undefined
      identity = undefined
      context = {}
      rating = undefined
      ready = false
      conversation.clear()
      await persistence.clear()
      update({ items: [], waiting: 0, notice: undefined, link: 'connecting' })
    },
    /** Lets go of the link (a passive tab, or a page going away); the visitor is not forgotten. */
    disconnect(): void {
      clearTimeout(paceTimer)
      link?.close()
      link = undefined
    },
  }
}

export type Session = ReturnType<typeof createSession>
