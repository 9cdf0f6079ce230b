/**
 * @module scripts/bench/visitor-poll — a visitor over long-polling, as widget/link/long-poll.ts
 * drives it: one request always held open for news (`wait`), and the messages to send in their
 * own request, a window of them per POST, the next POST once the last one is answered. Every
 * request carries the full hello with what the visitor shows (the relay keeps no session), and
 * the page's id, so the visitor's own messages do not wake its held poll.
 */
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { POLL_MAX_WAIT_MS, POLL_PATH, type ErrorFrame, type PollRequest, type PollResponse, type ToVisitor, type VisitorHello } from '../../protocol/index.js'
import { benchCid, stampedText } from './load.js'

/**
 * One keep-alive pool for every visitor of the run; destroying it ends every held poll. Each
 * visitor is its own browser with its own connections, so the pool neither queues requests nor
 * closes idle connections (Node's default keeps only 256 free ones).
 */
export function createPollAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: Number.POSITIVE_INFINITY })
}

export function postPoll(agent: Agent, url: string, body: PollRequest): Promise<PollResponse> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(url + POLL_PATH, { method: 'POST', agent, headers: { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        if (res.statusCode !== 200) return reject(new Error(`poll answered ${res.statusCode}: ${text.slice(0, 200)}`))
        resolve(JSON.parse(text) as PollResponse)
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

export interface PollVisitor {
  /**
   * Sends until `stopped()`, resolving when the last POST is answered; `onAck` hears each
   * message's send→ack time. The held poll goes on until the agent is destroyed.
   */
  run(options: { window: number; stopped(): boolean; onAck(latencyMs: number): void }): Promise<void>
  /** Requests made: all of them, and the POSTs that carried messages. */
  requests(): { all: number; sends: number }
  errors(): ErrorFrame[]
}

/** A new visitor: hello, first message (starts the conversation), then a hello that learns its epoch. */
export async function joinOverPoll(agent: Agent, url: string, site: string, index: number): Promise<PollVisitor> {
  const first = (await postPoll(agent, url, { hello: { type: 'hello', site } })).frames[0]
  if (first?.type !== 'welcome') throw new Error(`visitor ${index}: the first poll answered ${JSON.stringify(first)}`)
  const token = first.token
  let written = 0
  let requests = 1
  let sends = 0
  const errors: ErrorFrame[] = []
  const shown = new Set<number>()
  let lastSeq = 0
  let conv: string | undefined
  let epoch: string | undefined

  const hello = (): VisitorHello => ({ type: 'hello', site, token, ...(conv && epoch && { conv, epoch, lastSeq }) })
  /** What the visitor shows, gap-free from seq 1: its hello asks for what follows. */
  function show(seq: number): void {
    shown.add(seq)
    while (shown.has(lastSeq + 1)) shown.delete(++lastSeq)
  }
  function take(frames: ToVisitor[]): void {
    for (const frame of frames) {
      if (frame.type === 'welcome') {
        conv = frame.conv ?? undefined
        epoch = frame.epoch ?? undefined
        for (const message of frame.messages) show(message.seq)
      } else if (frame.type === 'msg') show(frame.message.seq)
      else if (frame.type === 'ack') show(frame.seq)
      else if (frame.type === 'error') errors.push(frame)
    }
  }
  const page = `bench-page-${index}`
  async function post(body: PollRequest): Promise<ToVisitor[]> {
    requests++
    const { frames } = await postPoll(agent, url, { ...body, page })
    take(frames)
    return frames
  }

  await post({ hello: hello(), frames: [{ type: 'msg', cid: benchCid(index, ++written), text: stampedText() }] })
  await post({ hello: hello() })
  if (!conv || !epoch) throw new Error(`visitor ${index}: no conversation after the first message`)

  return {
    async run({ window, stopped, onAck }) {
      void (async () => {
        while (!stopped()) await post({ hello: hello(), wait: POLL_MAX_WAIT_MS }).catch(() => {})
      })()
      while (!stopped()) {
        const sentAt = performance.now()
        const frames = Array.from({ length: window }, () => ({ type: 'msg' as const, cid: benchCid(index, ++written), text: stampedText(sentAt) }))
        sends++
        const answer = await post({ hello: hello(), frames })
        for (const frame of answer) if (frame.type === 'ack') onAck(performance.now() - sentAt)
      }
    },
    requests: () => ({ all: requests, sends }),
    errors: () => errors,
  }
}
