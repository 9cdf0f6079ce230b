/**
 * @module scripts/fuzz/good-client — a well-behaved visitor chatting through the whole run:
 * its messages are spread over the fuzz frames, and each must be acked before the next is sent.
 */
import { WS_PATH } from '../../protocol/index.js'
import { TEST_SITE, openSocket } from '../../relay/testing.js'

export interface GoodSend {
  cid: string
  text: string
  /** From the ack; undefined when no ack came. */
  seq?: number
  conv?: string
}

export interface GoodClientOptions {
  relay: string
  messages: number
  /** How far the fuzz run has got, from 0 to 1: message i goes out once it passes i / messages. */
  progress(): number
  deadline: number
}

const ACK_MS = 15_000
const goodCid = (i: number) => `good-cid-${String(i).padStart(5, '0')}`

export async function runGoodClient({ relay, messages, progress, deadline }: GoodClientOptions): Promise<{ sent: GoodSend[]; problems: string[] }> {
  const socket = await openSocket(`${relay.replace(/^http/, 'ws')}${WS_PATH.visitor}`)
  const sent: GoodSend[] = []
  const problems: string[] = []
  socket.send({ type: 'hello', site: TEST_SITE.id })
  await socket.next('welcome', ACK_MS)
  for (let i = 0; i < messages; i++) {
    while (progress() < i / messages && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    const send: GoodSend = { cid: goodCid(i), text: `good message ${i} of ${messages}` }
    sent.push(send)
    socket.send({ type: 'msg', cid: send.cid, text: send.text })
    try {
      // Anything but the ack (its state, system lines) is fine; an error is not, except being told to slow down.
      for (;;) {
        const frame = await socket.next(undefined, ACK_MS)
        if (frame.type === 'error' && frame.code === 'rate_limited' && frame.cid === send.cid) {
          await new Promise((resolve) => setTimeout(resolve, Number(frame.retryAfter) || 1000))
          socket.send({ type: 'msg', cid: send.cid, text: send.text })
          continue
        }
        if (frame.type === 'error') throw new Error(`refused with ${frame.code}`)
        if (frame.type === 'ack' && frame.cid === send.cid) {
          send.seq = frame.seq
          send.conv = frame.conv
          break
        }
      }
    } catch (err) {
      problems.push(`good message ${i} (${send.cid}): ${(err as Error).message}`)
      break
    }
  }
  socket.close()
  return { sent, problems }
}
