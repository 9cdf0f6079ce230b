/** @module scripts/fault-proxy.test — the fault proxy against real loopback sockets: echo, HTTP and WebSocket targets. */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer } from 'node:http'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterEach, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { WebSocket, WebSocketServer } from 'ws'
import { createFaultProxy, type FaultProxy } from './fault-proxy.js'

const WAIT_MS = 3000
/** Long enough for loopback to deliver anything that is going to arrive; not a duration under test. */
const SETTLE_MS = 150

/** Every wait in these tests is bounded: a hang fails with a reason instead of stalling the run. */
function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function listen(server: Server | ReturnType<typeof createHttpServer>, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

interface Echo {
  port: number
  /** Everything the echo server has received, across all connections. */
  received(): Buffer
  close(): Promise<void>
}

async function startEcho(port = 0): Promise<Echo> {
  const chunks: Buffer[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    socket.on('data', (data: Buffer) => chunks.push(data))
    socket.pipe(socket)
  })
  return {
    port: await listen(server, port),
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

interface Client {
  socket: Socket
  received(): Buffer
  /** Resolves once at least `n` bytes have arrived, with everything received so far. */
  receive(n: number): Promise<Buffer>
  ended: Promise<void>
  closed: Promise<void>
  error: Promise<NodeJS.ErrnoException>
}

async function openClient(port: number): Promise<Client> {
  const socket = connect({ host: '127.0.0.1', port })
  const chunks: Buffer[] = []
  let wake = () => {}
  socket.on('data', (data: Buffer) => {
    chunks.push(data)
    wake()
  })
  const error = new Promise<NodeJS.ErrnoException>((resolve) => socket.on('error', resolve))
  const ended = new Promise<void>((resolve) => socket.on('end', resolve))
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  await within(once(socket, 'connect'), 'the client to connect')
  const received = () => Buffer.concat(chunks)
  async function receive(n: number): Promise<Buffer> {
    const arrived = new Promise<void>((resolve) => {
      wake = () => received().length >= n && resolve()
      wake()
    })
    await within(arrived, `${n} bytes (had ${received().length})`)
    return received()
  }
  return { socket, received, receive, ended, closed, error }
}

describe('fault proxy', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function proxyTo(port: number): Promise<FaultProxy> {
    const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port } })
    cleanups.push(() => proxy.close())
    return proxy
  }

  async function echoBehindProxy(): Promise<{ echo: Echo; proxy: FaultProxy }> {
    const echo = await startEcho()
    cleanups.push(() => echo.close())
    return { echo, proxy: await proxyTo(echo.port) }
  }

  async function client(proxy: Pick<FaultProxy, 'port'>): Promise<Client> {
    const c = await openClient(proxy.port)
    cleanups.push(() => void c.socket.destroy())
    return c
  }

  it('forwards bytes both ways unchanged and counts them', async () => {
    const { echo, proxy } = await echoBehindProxy()
    const c = await client(proxy)
    const payload = randomBytes(256 * 1024)
    c.socket.write(payload)
    assert.deepEqual(await c.receive(payload.length), payload)
    assert.deepEqual(echo.received(), payload)
    assert.deepEqual(proxy.stats(), { connections: 1, open: 1, bytesUp: payload.length, bytesDown: payload.length })
  })

  it('passes a half-close through and drops the connection once both sides have closed', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    c.socket.end('bye')
    await within(c.ended, 'the echoed FIN')
    assert.equal(c.received().toString(), 'bye')
    await within(c.closed, 'the client to close')
    await within(
      (async () => {
        while (proxy.stats().open > 0) await pause(10)
      })(),
      'the proxy to forget the connection',
    )
  })

  it('holds data back under latency and releases it in order when the latency is cleared', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    proxy.setFaults({ latencyMs: 60_000 })
    for (const part of ['one ', 'two ', 'three']) {
      c.socket.write(part)
      await pause(5) // separate chunks, so order is the queue's doing and not one TCP segment's
    }
    await pause(SETTLE_MS)
    assert.equal(c.received().length, 0)
    proxy.clearFaults()
    assert.equal((await c.receive(13)).toString(), 'one two three')
  })

  it('keeps order when the latency drops while bytes are still in flight', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    proxy.setFaults({ latencyMs: 1000 })
    c.socket.write('first ')
    await pause(5)
    proxy.setFaults({ latencyMs: 0 })
    c.socket.write('second')
    assert.equal((await c.receive(12)).toString(), 'first second')
  })

  it('paces a capped connection in slices and keeps the bytes in order', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    proxy.setFaults({ bytesPerSecond: 1000 }) // 50-byte slices: 10 KB would take 20 s round trip
    const payload = randomBytes(10_000)
    c.socket.write(payload)
    const first = await c.receive(1)
    assert.ok(proxy.stats().bytesUp < payload.length, `forwarded all ${proxy.stats().bytesUp} bytes at once`)
    assert.deepEqual(first, payload.subarray(0, first.length))
    proxy.clearFaults()
    assert.deepEqual(await c.receive(payload.length), payload)
  })

  it('drops data under a blackhole without closing, then forwards new data once cleared', async () => {
    const { echo, proxy } = await echoBehindProxy()
    const c = await client(proxy)
    c.socket.write('before')
    await c.receive(6)
    proxy.setFaults({ blackhole: true })
    c.socket.write('lost')
    const late = await client(proxy) // accepted, but nothing it sends goes anywhere
    late.socket.write('also lost')
    await pause(SETTLE_MS)
    assert.equal(c.received().toString(), 'before')
    assert.equal(late.received().length, 0)
    assert.equal(echo.received().toString(), 'before')
    assert.equal(c.socket.destroyed || c.socket.readableEnded, false)
    assert.equal(late.socket.destroyed || late.socket.readableEnded, false)
    proxy.clearFaults()
    c.socket.write('after')
    assert.equal((await c.receive(11)).toString(), 'beforeafter')
    assert.equal(echo.received().toString(), 'beforeafter')
  })

  it('loses the bytes that were in flight when the blackhole began', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    proxy.setFaults({ latencyMs: 60_000 })
    c.socket.write('in flight')
    await pause(5)
    proxy.setFaults({ blackhole: true })
    proxy.clearFaults()
    c.socket.write('fresh')
    assert.equal((await c.receive(5)).toString(), 'fresh')
    await pause(SETTLE_MS)
    assert.equal(c.received().toString(), 'fresh')
  })

  it('refuses WebSocket upgrades with 403 while plain HTTP still goes through', async () => {
    const http = createHttpServer((_req, res) => res.end('ok'))
    const wss = new WebSocketServer({ server: http })
    let upgrades = 0
    wss.on('connection', (ws) => {
      upgrades++
      ws.close()
    })
    const port = await listen(http)
    cleanups.push(() => {
      wss.close()
      http.closeAllConnections()
      return new Promise<void>((resolve) => http.close(() => resolve()))
    })
    const proxy = await proxyTo(port)
    proxy.setFaults({ refuseUpgrades: true })

    const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/`)
    ws.on('error', () => {})
    const [, response] = (await within(once(ws, 'unexpected-response'), 'the refusal')) as [unknown, { statusCode: number }]
    assert.equal(response.statusCode, 403)
    ws.terminate()

    const res = await within(fetch(`${proxy.url}/`), 'the plain GET')
    assert.equal(res.status, 200)
    assert.equal(await res.text(), 'ok')
    assert.equal(upgrades, 0)

    proxy.clearFaults()
    const allowed = new WebSocket(`ws://127.0.0.1:${proxy.port}/`)
    cleanups.push(() => allowed.terminate())
    await within(once(allowed, 'open'), 'the upgrade once allowed')
    assert.equal(upgrades, 1)
  })

  it('ends new connections with FIN after closeAfterBytes and leaves older ones alone', async () => {
    const { proxy } = await echoBehindProxy()
    const older = await client(proxy)
    proxy.setFaults({ closeAfterBytes: 10 })
    const c = await client(proxy)
    c.socket.write('12345678') // 8 bytes up, so only 2 of the echo may come back
    await within(c.ended, 'the FIN')
    assert.equal(c.received().toString(), '12')
    await within(c.closed, 'the client to close')

    older.socket.write('still here, all of it')
    assert.equal((await older.receive(21)).toString(), 'still here, all of it')
  })

  it('gives clients an ECONNRESET on resetAll', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    c.socket.write('hi')
    await c.receive(2)
    proxy.resetAll()
    assert.equal((await within(c.error, 'the reset')).code, 'ECONNRESET')
  })

  it('ends clients with a clean FIN on closeAll', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await client(proxy)
    c.socket.write('hi')
    await c.receive(2)
    proxy.closeAll()
    await within(c.ended, 'the FIN')
    await within(c.closed, 'the client to close')
    assert.equal(c.socket.errored, null)
  })

  it('closes the client when the target is down and serves the next one once it is back', async () => {
    const gone = await startEcho()
    const port = gone.port
    await gone.close()
    const proxy = await proxyTo(port)

    const refused = await client(proxy)
    await within(refused.closed, 'the client to close')

    const echo = await startEcho(port)
    cleanups.push(() => echo.close())
    const c = await client(proxy)
    c.socket.write('back')
    assert.equal((await c.receive(4)).toString(), 'back')
    assert.equal(proxy.stats().connections, 2)
  })

  it('prints its URL when run as a CLI and stops on SIGTERM', async () => {
    const { echo } = await echoBehindProxy()
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fault-proxy.ts', import.meta.url)), '--target', `127.0.0.1:${echo.port}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    cleanups.push(() => void child.kill('SIGKILL'))
    const [line] = (await within(once(child.stdout, 'data'), 'the URL line', 10_000)) as [Buffer]
    const url = new URL(line.toString().trim())
    assert.equal(url.hostname, '127.0.0.1')
    const c = await client({ port: Number(url.port) })
    c.socket.write('via cli')
    assert.equal((await c.receive(7)).toString(), 'via cli')
    child.kill('SIGTERM')
    const [code] = (await within(once(child, 'exit'), 'the CLI to exit')) as [number]
    assert.equal(code, 0)
  })
})
