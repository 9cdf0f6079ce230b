/** @module scripts/bench/socket — opens a plain `ws` client the same way for every section (no compression, as the relay offers none). */
import { WebSocket } from 'ws'

/** Past this a connect is failed: under load the bench must not hang on one socket. */
const CONNECT_TIMEOUT_MS = 30_000

export function openWebSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS })
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      // A reset later (the relay stopped under load) shows as a close; it must not throw here.
      ws.on('error', () => {})
      resolve(ws)
    })
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${url}: upgrade refused with ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** Runs `task` over `items`, at most `limit` at once (connecting thousands of sockets in one burst only measures the backlog). */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Resolves once the socket is closed (closing it first if needed). */
export function closeWebSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    ws.once('close', () => resolve())
    if (ws.readyState === WebSocket.OPEN) ws.close()
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
  })
}
