/** @module relay/agent/use-console — wires the reducer to one reconnecting socket and does what a reducer cannot: send, resend, reopen tabs, ring, leave on an expired session. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { CLOSE, WS_PATH, newCid, type AgentFrame, type ToAgent } from '../../protocol/index.js'
import { createSocket, type LinkState, type Socket } from '../../widget/link/socket.js'
import { fetchMe } from './api.js'
import { chime } from '../../widget/ui/chime.js'
import { listenForGesture } from '../../widget/ui/gesture.js'
import { initialState, lookingAt, reduce, type ConsoleAction, type ConsoleState } from './console-state.js'
import { contiguousSeq, isNews, toResend } from './console-views.js'

export type Link = 'connecting' | 'online' | 'offline'

/** Who a transfer goes to: exactly one of an operator and a department, as the relay requires. */
export type TransferTarget = { agent: string } | { department: string }

const socketUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH.agent}`

const OFFLINE = 'Not connected to the relay. Try again when the link is back.'

/** The conversation a frame brings messages for, if it does. */
function messagesOf(frame: ToAgent): string | null {
  if (frame.type === 'msg') return frame.message.conv
  if (frame.type === 'history') return frame.conversation.id
  if (frame.type === 'page') return frame.conv
  return null
}

export function useConsole(onUnauthorized: () => void) {
  const [state, setState] = useState<ConsoleState>(initialState)
  const [link, setLink] = useState<Link>('connecting')
  // Socket callbacks outlive renders: they read the newest state and callback through refs.
  const current = useRef(state)
  const leave = useRef(onUnauthorized)
  leave.current = onUnauthorized
  const socket = useRef<Socket<AgentFrame> | null>(null)
  // Tabs reopened after a reconnect: their unacked messages wait for the history, so a
  // message committed before the link dropped is seen as sent rather than sent twice, and a
  // new message written meanwhile waits too, so it cannot overtake them.
  const reopening = useRef(new Set<string>()).current

  function dispatch(action: ConsoleAction): void {
    current.current = reduce(current.current, action)
    setState(current.current)
  }

  /** Sends now or says why it cannot; frames other than messages are not queued for later. */
  function sendNow(frame: AgentFrame): boolean {
    if (socket.current?.send(frame)) return true
    dispatch({ type: 'notice', message: OFFLINE })
    return false
  }

  useEffect(() => {
    let alive = true
    const resend = (conv?: string) => {
      for (const frame of toResend(current.current, conv)) if (conv !== undefined || !reopening.has(frame.conv)) relay.send(frame)
    }

    // The relay refuses an expired session's upgrade with HTTP 401, which a browser reports
    // only as close 1006; asking /me tells a dead session apart from a relay that is away.
    const checkSession = () =>
      fetchMe().then(
        (agent) => {
          if (alive && !agent) leave.current()
        },
        () => {},
      )

    let relay: Socket<AgentFrame>
    const connect = () => {
      relay = createSocket<ToAgent, AgentFrame>({
        url: socketUrl(),
        onOpen(send) {
          send({ type: 'hello' })
          reopening.clear()
          for (const conv of current.current.tabs) {
            reopening.add(conv)
            send({ type: 'open', conv })
          }
          resend()
        },
        onFrame(frame) {
          const before = current.current
          dispatch({ type: 'frame', frame, at: Date.now() })
          const state = current.current
          if (isNews(before, state, frame)) chime()
          if (frame.type === 'conv') {
            const { id, epoch } = frame.conversation
            const shown = before.conversations.get(id)?.epoch
            // The relay's history of this conversation was replaced: load the tab again from the start.
            if (state.chats.get(id)?.loaded && shown !== undefined && epoch !== shown) relay.send({ type: 'open', conv: id })
          }
          const conv = messagesOf(frame)
          if (conv !== null && state.chats.get(conv)?.loaded) {
            // The next page of a long history, or messages missing between what is shown and a new one.
            const behind = frame.type === 'msg' && frame.message.seq > contiguousSeq(state, conv) + 1
            const more = (frame.type === 'history' || frame.type === 'page') && frame.more
            if (behind || more) relay.send({ type: 'sync', conv, after: contiguousSeq(state, conv) })
          }
          if (frame.type === 'history' && reopening.delete(frame.conversation.id)) resend(frame.conversation.id)
          if (frame.type === 'welcome') setLink('online')
        },
        onState(next: LinkState, code?: number) {
          if (next === 'stopped' && code === CLOSE.UNAUTHORIZED) return leave.current()
          setLink(next === 'stopped' ? 'offline' : next)
          if (next === 'stopped') dispatch({ type: 'notice', message: 'The relay refused this connection. Reload the page to try again.' })
          if (next === 'offline') void checkSession()
        },
      })
      socket.current = relay
    }
    connect()

    const onVisibility = () => {
      const visible = document.visibilityState === 'visible'
      dispatch({ type: 'visible', visible })
      if (visible) relay.nudge()
    }
    const onOnline = () => relay.nudge()
    onVisibility()
    const stopListening = listenForGesture()
    window.addEventListener('online', onOnline)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      alive = false
      stopListening()
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisibility)
      relay.close()
      socket.current = null
    }
  }, [])

  // Read receipts: the chat in view, if it is mine, is read up to what it shows; the visitor
  // sees their messages as seen. Sent only when that point moves on.
  const seenSent = useRef(new Map<string, number>()).current
  useEffect(() => {
    const conv = lookingAt(state)
    if (!conv || state.conversations.get(conv)?.agent?.id !== state.me?.id || !state.chats.get(conv)?.loaded) return
    const seq = contiguousSeq(state, conv)
    if (seq <= (seenSent.get(conv) ?? 0)) return
    if (socket.current?.send({ type: 'seen', conv, seq })) seenSent.set(conv, seq)
  }, [state])

  /** Opens the conversation in a tab (or focuses its tab). Showing it never takes it. */
  function open(conv: string): void {
    if (current.current.tabs.includes(conv)) return dispatch({ type: 'focus', conv })
    dispatch({ type: 'open', conv })
    // While offline the reconnect opens every tab, this one included.
    socket.current?.send({ type: 'open', conv })
  }

  return {
    state,
    link,
    open,
    focus(conv: string): void {
      dispatch({ type: 'focus', conv })
    },
    closeTab(conv: string): void {
      dispatch({ type: 'closeTab', conv })
    },
    take(conv: string): void {
      if (sendNow({ type: 'take', conv })) open(conv)
    },
    draft(conv: string, text: string): void {
      dispatch({ type: 'draft', conv, text })
    },
    /** Shows the message at once as pending; if the link is down it goes out after the reconnect. */
    send(conv: string, text: string): void {
      const cid = newCid()
      dispatch({ type: 'compose', pending: { cid, conv, text, at: Date.now() } })
      if (!reopening.has(conv)) socket.current?.send({ type: 'msg', conv, cid, text })
    },
    typing(conv: string, on: boolean): void {
      socket.current?.send({ type: 'typing', conv, on })
    },
    setStatus(status: 'online' | 'away'): void {
      if (sendNow({ type: 'status', status })) dispatch({ type: 'status', status })
    },
    /** False when the link is down (nothing was sent). */
    transfer(conv: string, target: TransferTarget, note: string): boolean {
      if (!socket.current?.send({ type: 'transfer', conv, note, ...target })) return false
      dispatch({ type: 'transferSent', conv })
      return true
    },
    transferDone(): void {
      dispatch({ type: 'transferDone' })
    },
    closeChat(conv: string): void {
      sendNow({ type: 'close', conv })
    },
    notify(message: string): void {
      dispatch({ type: 'notice', message })
    },
    dismiss(): void {
      dispatch({ type: 'dismiss' })
    },
  }
}

export type ConsoleApi = ReturnType<typeof useConsole>
