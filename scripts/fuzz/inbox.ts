/**
 * @module scripts/fuzz/inbox — a socket's frames in arrival order, and its close, with a deadline.
 * openSocket's `next` waits out its whole timeout when the relay closes the socket instead of
 * answering; the fuzzer gets closed sockets all the time (1009, 1007, 4403) and must see that at once.
 */
import type { WebSocket } from 'ws'

export type Arrival = { frame: Record<string, unknown> } | { closed: number } | { timedOut: true }

export function createInbox(ws: WebSocket) {
  const queue: Record<string, unknown>[] = []
  let head = 0
  let closed: number | undefined
  let wake: (() => void) | undefined

  ws.on('message', (data) => {
    queue.push(JSON.parse(String(data)) as Record<string, unknown>)
    wake?.()
  })
  ws.on('close', (code) => {
    closed = code
    wake?.()
  })
  // A reset after the relay gave up on the socket: the close that follows says what happened.
  ws.on('error', () => {})

  return {
    /** The next frame; once the queue is empty, the close or the deadline. */
    async next(ms: number): Promise<Arrival> {
      const deadline = Date.now() + ms
      for (;;) {
        if (head < queue.length) {
          const frame = queue[head++]!
          if (head === queue.length) {
            queue.length = 0
            head = 0
          }
          return { frame }
        }
        if (closed !== undefined) return { closed }
        const left = deadline - Date.now()
        if (left <= 0) return { timedOut: true }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          wake = () => {
            clearTimeout(timer)
            wake = undefined
            resolve()
          }
        })
      }
    },
  }
}

export type Inbox = ReturnType<typeof createInbox>
