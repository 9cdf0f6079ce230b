/**
 * @module scripts/bench/queue-load — what the agent page waits for on load while many chats wait:
 * GET /agent/api/me (the page asks who is logged in), the agent socket, then hello → welcome
 * (every waiting and open conversation, summarized) and the team list. Timed from the request
 * to the last of those frames.
 */
import { get } from 'node:http'
import { performance } from 'node:perf_hooks'
import { WS_PATH } from '../../protocol/index.js'
import type { BenchOperator } from './seed.js'
import { closeWebSocket, openWebSocket } from './socket.js'
import { summarize, type Summary } from './stats.js'

export interface QueueLoad {
  loadMs: Summary
  /** What the welcome lists, and its size on the wire. */
  conversations: number
  welcomeBytes: number
}

function fetchMe(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/agent/api/me`, { headers: { Cookie: cookie } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    }).on('error', reject)
  })
}

async function loadOnce(url: string, operator: BenchOperator): Promise<{ ms: number; conversations: number; welcomeBytes: number }> {
  const started = performance.now()
  const status = await fetchMe(url, operator.cookie)
  if (status !== 200) throw new Error(`/agent/api/me answered ${status}`)
  const ws = await openWebSocket(url.replace(/^http/, 'ws') + WS_PATH.agent, { Cookie: operator.cookie })
  try {
    let conversations = 0
    let welcomeBytes = 0
    await new Promise<void>((resolve) => {
      let waiting = 2 // welcome and agents
      ws.on('message', (data: Buffer) => {
        const text = data.toString()
        if (text.startsWith('{"type":"welcome"')) {
          welcomeBytes = data.length
          conversations = (JSON.parse(text) as { conversations: unknown[] }).conversations.length
        } else if (!text.startsWith('{"type":"agents"')) return
        if (--waiting === 0) resolve()
      })
      ws.send(JSON.stringify({ type: 'hello' }))
    })
    return { ms: performance.now() - started, conversations, welcomeBytes }
  } finally {
    await closeWebSocket(ws)
  }
}

export async function measureQueueLoads(url: string, operator: BenchOperator, repetitions: number): Promise<QueueLoad> {
  const times: number[] = []
  let last = { conversations: 0, welcomeBytes: 0 }
  for (let i = 0; i < repetitions + 2; i++) {
    const load = await loadOnce(url, operator)
    if (i >= 2) times.push(load.ms) // two warm-ups: the first prepares statements and JIT
    last = load
  }
  return { loadMs: summarize(times), conversations: last.conversations, welcomeBytes: last.welcomeBytes }
}
