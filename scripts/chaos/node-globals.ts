/**
 * @module scripts/chaos/node-globals — what a browser gives the widget and Node 20 lacks (a
 * global WebSocket), and, with --trace, a record of the frames that carry messages, so a
 * failing seed can be read frame by frame.
 */
import { WebSocket, type RawData } from 'ws'

export type Trace = (line: string) => void

/** The frames worth a line: what carries, confirms or replays messages. */
function describe(direction: '>' | '<', text: string): string | undefined {
  let frame: { type?: string; cid?: string; seq?: number; messages?: unknown[] }
  try {
    frame = JSON.parse(text) as typeof frame
  } catch {
    return undefined
  }
  if (frame.type === 'msg' || frame.type === 'ack') return `${direction} ${frame.type} ${frame.cid ?? ''}${frame.seq ? ` seq ${frame.seq}` : ''}`
  if (frame.type === 'hello' || frame.type === 'welcome') return `${direction} ${frame.type}${frame.messages ? ` (${frame.messages.length} messages)` : ''}`
  return undefined
}

export function installWebSocket(trace?: Trace): void {
  let sockets = 0
  /**
   * ws's WebSocket has the browser's onopen/onmessage/onclose/readyState/send surface, but it is
   * an EventEmitter: an 'error' (every failed connect during a fault) with no listener would
   * throw and end the process. A browser only reports it, and the widget relies on the close.
   */
  class PageWebSocket extends WebSocket {
    private readonly label = `ws${++sockets}`
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.on('error', () => {})
      if (!trace) return
      this.on('open', () => trace(`${this.label} open`))
      this.on('close', (code: number) => trace(`${this.label} closed ${code}`))
      this.on('message', (data: RawData) => {
        const line = describe('<', String(data))
        if (line) trace(`${this.label} ${line}`)
      })
      const send = this.send.bind(this)
      // The widget only ever sends text: the JSON of one frame.
      this.send = ((data: string) => {
        const line = describe('>', data)
        if (line) trace(`${this.label} ${line}`)
        send(data)
      }) as WebSocket['send']
    }
  }
  ;(globalThis as { WebSocket?: unknown }).WebSocket = PageWebSocket
  if (!trace) return

  // Long-polling visitors: which messages each POST carries and whether it came back.
  const realFetch = globalThis.fetch
  let posts = 0
  globalThis.fetch = async (input, init) => {
    const label = `lp${++posts}`
    const body = typeof init?.body === 'string' ? init.body : ''
    const cids = [...body.matchAll(/"type":"msg","cid":"([^"]+)"/g)].map((m) => m[1])
    if (cids.length > 0) trace(`${label} > msg ${cids.join(' ')}`)
    try {
      return await realFetch(input, init)
    } catch (err) {
      if (cids.length > 0) trace(`${label} failed: ${(err as Error).message}`)
      throw err
    }
  }
}
