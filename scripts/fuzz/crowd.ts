/**
 * @module scripts/fuzz/crowd — a visitor at their connection limit: a new visitor of its own (no
 * other lane knows the token, so no one else's connections come and go) with
 * MAX_VISITOR_CONNECTIONS sockets held open. The next hello with the token must be refused whole
 * (rate_limited, close 1013) and leave nothing behind.
 */
import { MAX_VISITOR_CONNECTIONS } from '../../protocol/index.js'
import { TEST_SITE, openSocket, type TestSocket } from '../../relay/testing.js'

const WELCOME_MS = 15_000

export async function openCrowd(url: string): Promise<{ token: string; sockets: TestSocket[] }> {
  const sockets: TestSocket[] = []
  let token: string | undefined
  for (let i = 0; i < MAX_VISITOR_CONNECTIONS; i++) {
    const socket = await openSocket(url)
    sockets.push(socket)
    socket.send({ type: 'hello', site: TEST_SITE.id, ...(token && { token }) })
    token = (await socket.next('welcome', WELCOME_MS)).token as string
  }
  return { token: token!, sockets }
}
