/**
 * @module scripts/chaos/operator — a small operator client over the real agent socket: logs in,
 * opens every conversation it hears of, answers some visitor messages in the ones it took, and
 * keeps what the agent page keeps (a message list per conversation, by seq). It reconnects with
 * backoff, re-opens its conversations, re-sends what is unacked under the same cid, and fills
 * seq gaps with `sync`.
 */
import { WebSocket } from 'ws'
import { WS_PATH, type AgentFrame, type Message, type ToAgent } from '../../protocol/index.js'
import { DEAD_AFTER_MS, PING_EVERY_MS, backoffDelay } from '../../widget/link/socket.js'
import type { Ledger } from './ledger.js'
import { createRandom, hashSeed, type Random } from './prng.js'

export interface OperatorOptions {
  name: string
  login: string
  password: string
  relay: string
  seed: number
  random: Random
  ledger: Ledger
}

/** A handshake the relay never answers (the proxy swallowed it) is given up, like a browser would. */
const HANDSHAKE_TIMEOUT_MS = 5_000
/** Share of visitor messages answered in a conversation this operator took. */
const ANSWER_SHARE = 0.5

async function logIn(relay: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${relay}/agent/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  })
  if (res.status !== 200) throw new Error(`operator login answered ${res.status}`)
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0]
  if (!cookie) throw new Error('operator login set no cookie')
  return cookie
}

export function createOperator(options: OperatorOptions) {
  const { name, ledger, random } = options
  const url = options.relay.replace(/^http/, 'ws') + WS_PATH.agent
  const screens = new Map<string, Map<number, Message>>() // conversation → what this page shows, by seq
  const owners = new Map<string, string | null>()
  const opened = new Set<string>()
  const syncing = new Set<string>()
  const pending = new Map<string, Extract<AgentFrame, { type: 'msg' }>>() // by cid, in the order written
  const considered = new Set<string>() // visitor cids already weighed for an answer
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const anomalies: string[] = []
  let cookie = ''
  let me: string | undefined
  let ws: WebSocket | undefined
  let ready = false
  let stopped = false
  let quiet = false
  let attempt = 0
  let written = 0

  function raw(frame: AgentFrame): void {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame))
  }

  const contiguous = (screen: Map<number, Message>) => {
    let seq = 0
    while (screen.has(seq + 1)) seq++
    return seq
  }

  /** Asks for what is missing below the highest seq shown, or the next page of a long history. */
  function fillGaps(conv: string, more = false): void {
    const screen = screens.get(conv)
    if (!screen || syncing.has(conv)) return
    const after = contiguous(screen)
    if (!more && screen.size === after) return
    syncing.add(conv)
    raw({ type: 'sync', conv, after })
  }

  function show(message: Message): void {
    let screen = screens.get(message.conv)
    if (!screen) screens.set(message.conv, (screen = new Map()))
    const there = screen.get(message.seq)
    if (there && there.cid !== message.cid) anomalies.push(`${name}: seq ${message.seq} of ${message.conv} came as ${there.cid} and as ${message.cid}`)
    if (!there) screen.set(message.seq, message)
    pending.delete(message.cid)
    if (message.from === 'visitor') consider(message)
  }

  /** Answers some visitor messages, decided by the seed and the text, so a seed answers the same ones. */
  function consider(message: Message): void {
    if (quiet || !me || considered.has(message.cid) || owners.get(message.conv) !== me) return
    considered.add(message.cid)
    const dice = createRandom(hashSeed(options.seed, `${name}:${message.text}`))
    if (!dice.chance(ANSWER_SHARE)) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (!quiet) write(message.conv, `${name} re ${message.text}`)
    }, dice.between(50, 600))
    timers.add(timer)
  }

  /** Just became this conversation's operator: weigh what the visitor wrote before. */
  function considerShown(conv: string): void {
    for (const message of screens.get(conv)?.values() ?? []) if (message.from === 'visitor') consider(message)
  }

  function write(conv: string, text: string): void {
    const cid = `chaos-${name}-${options.seed}-${++written}`
    ledger.record({ cid, sender: name, text, conv })
    const frame = { type: 'msg', conv, cid, text } as const
    pending.set(cid, frame)
    // Until the reconnect's re-send has gone out, a new message waits behind the older ones.
    if (ready) raw(frame)
  }

  function open(conv: string): void {
    opened.add(conv)
    raw({ type: 'open', conv })
  }

  function receive(frame: ToAgent): void {
    switch (frame.type) {
      case 'welcome':
        me = frame.agent.id
        for (const conv of frame.conversations) {
          owners.set(conv.id, conv.agent?.id ?? null)
          opened.add(conv.id)
        }
        for (const conv of opened) open(conv)
        for (const item of pending.values()) raw(item)
        ready = true
        return
      case 'conv':
        owners.set(frame.conversation.id, frame.conversation.agent?.id ?? null)
        if (!opened.has(frame.conversation.id) && frame.conversation.status !== 'closed' && ready) open(frame.conversation.id)
        return considerShown(frame.conversation.id)
      case 'history': {
        const conv = frame.conversation.id
        owners.set(conv, frame.conversation.agent?.id ?? null)
        // The whole truth from seq 1, as on the agent page: it replaces what was shown.
        screens.set(conv, new Map())
        syncing.delete(conv)
        for (const message of frame.messages) show(message)
        return fillGaps(conv, frame.more)
      }
      case 'page':
        syncing.delete(frame.conv)
        for (const message of frame.messages) show(message)
        return fillGaps(frame.conv, frame.more)
      case 'msg':
        if (!opened.has(frame.message.conv)) return
        show(frame.message)
        return fillGaps(frame.message.conv)
      case 'ack': {
        const sent = pending.get(frame.cid)
        if (!sent) return
        show({ conv: frame.conv, seq: frame.seq, cid: frame.cid, from: 'agent', text: sent.text, at: Date.now() })
        return fillGaps(frame.conv)
      }
      case 'error':
        anomalies.push(`${name}: error ${frame.code}: ${frame.message}${frame.cid ? ` (cid ${frame.cid})` : ''}`)
        if (frame.cid) pending.delete(frame.cid)
        return
      case 'visitor':
      case 'pong':
        return
    }
  }

  function connect(): void {
    if (stopped) return
    const socket = new WebSocket(url, { headers: { Cookie: cookie }, handshakeTimeout: HANDSHAKE_TIMEOUT_MS })
    ws = socket
    let lastHeard = Date.now()
    let refused = false
    let ping: ReturnType<typeof setInterval> | undefined
    socket.on('open', () => {
      lastHeard = Date.now()
      raw({ type: 'hello' })
      ping = setInterval(() => {
        if (Date.now() - lastHeard > DEAD_AFTER_MS) socket.terminate()
        else raw({ type: 'ping' })
      }, PING_EVERY_MS)
    })
    socket.on('message', (data) => {
      lastHeard = Date.now()
      attempt = 0
      let frame: ToAgent
      try {
        frame = JSON.parse(String(data)) as ToAgent
      } catch {
        anomalies.push(`${name}: a frame that is not JSON`)
        return
      }
      receive(frame)
    })
    socket.on('error', (err) => {
      // Sessions live in SQLite: a restart must not log anyone out.
      if (/Unexpected server response: 401/.test(err.message)) refused = true
    })
    socket.on('close', () => {
      clearInterval(ping)
      if (ws !== socket) return
      ws = undefined
      ready = false
      syncing.clear()
      if (stopped) return
      if (refused) {
        anomalies.push(`${name}: the relay refused the session cookie; logging in again`)
        void logIn(options.relay, options.login, options.password).then((fresh) => (cookie = fresh), () => {})
      }
      const timer = setTimeout(() => {
        timers.delete(timer)
        connect()
      }, backoffDelay(attempt++, random.next))
      timers.add(timer)
    })
  }

  return {
    name,
    async start(): Promise<void> {
      cookie = await logIn(options.relay, options.login, options.password)
      connect()
    },
    /** The faults are over: stop answering (only what was written must settle) and reconnect now, not after the backoff. */
    hush(): void {
      quiet = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      if (!ws && !stopped) connect()
    },
    /** Welcomed, nothing unacked, no gap being filled, and showing every conversation in `convs`. */
    settled(convs: readonly string[]): boolean {
      return ready && pending.size === 0 && syncing.size === 0 && convs.every((conv) => screens.has(conv))
    },
    /** What this page shows for a conversation, in the order shown. */
    screen(conv: string): Message[] | undefined {
      const screen = screens.get(conv)
      return screen && [...screen.values()].sort((a, b) => a.seq - b.seq)
    },
    pendingCount: () => pending.size,
    connected: () => ready,
    anomalies: () => [...anomalies],
    close(): void {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      ws?.close()
    },
  }
}

export type Operator = ReturnType<typeof createOperator>
