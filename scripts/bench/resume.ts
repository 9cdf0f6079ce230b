/**
 * @module scripts/bench/resume — what a returning visitor's reconnect costs with a long history:
 * hello (naming the last seq the screen shows) → welcome carrying the first page of what was
 * missed, timed on an open socket. Conversations of different lengths are timed in turns, so
 * drift on the machine lands on both alike.
 */
import { performance } from 'node:perf_hooks'
import { WS_PATH, type VisitorWelcome } from '../../protocol/index.js'
import type { SeededVisitor } from './seed.js'
import { BENCH_SITE } from './seed.js'
import { closeWebSocket, openWebSocket } from './socket.js'
import { summarize, type Summary } from './stats.js'

/** The returning visitor missed this many messages: each welcome replays them. */
export const MISSED = 50
const WARM_UP = 5

export interface ResumeCase {
  messages: number
  helloToWelcomeMs: Summary
  replayed: number
}

async function resumeOnce(wsUrl: string, visitor: SeededVisitor): Promise<{ ms: number; welcome: VisitorWelcome }> {
  const ws = await openWebSocket(wsUrl + WS_PATH.visitor)
  try {
    const started = performance.now()
    const welcome = await new Promise<VisitorWelcome>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { type: string }
        if (frame.type === 'welcome') resolve(frame as VisitorWelcome)
        if (frame.type === 'error') reject(new Error(`resume refused: ${data.toString()}`))
      })
      ws.send(JSON.stringify({ type: 'hello', site: BENCH_SITE, token: visitor.token, conv: visitor.conv, epoch: visitor.epoch, lastSeq: visitor.lastSeq - MISSED }))
    })
    return { ms: performance.now() - started, welcome }
  } finally {
    // Awaited: the relay allows a visitor 8 connections, and this one must be gone before the next.
    await closeWebSocket(ws)
  }
}

/** Times `repetitions` resumes of each visitor's conversation, in turns. */
export async function measureResumes(wsUrl: string, visitors: SeededVisitor[], repetitions: number): Promise<ResumeCase[]> {
  const times = visitors.map(() => [] as number[])
  const replayed = visitors.map(() => 0)
  for (let round = 0; round < WARM_UP + repetitions; round++) {
    for (const [i, visitor] of visitors.entries()) {
      const { ms, welcome } = await resumeOnce(wsUrl, visitor)
      if (welcome.reset) throw new Error(`visitor ${visitor.id}: the relay reset the conversation instead of resuming it`)
      replayed[i] = welcome.messages.length
      if (round >= WARM_UP) times[i]!.push(ms)
    }
  }
  return visitors.map((visitor, i) => ({ messages: visitor.lastSeq, helloToWelcomeMs: summarize(times[i]!), replayed: replayed[i]! }))
}
