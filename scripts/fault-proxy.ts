/** @module scripts/fault-proxy — a loopback TCP proxy that injects real link faults for chaos tests and e2e specs. */
import { connect, createServer, type Socket } from 'node:net'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

/**
 * Why a proxy: this kernel has no netem, and Chromium's CDP throttling barely delays WebSocket
 * frames. Latency, bandwidth and blackhole act on open connections the moment they change;
 * refuseUpgrades and closeAfterBytes are decided when a connection is accepted.
 */
export interface Faults {
  /** Added to every chunk, per direction, so a round trip gains twice this. */
  latencyMs: number
  /** Cap per direction per connection; 0 means unlimited. */
  bytesPerSecond: number
  /** Read and drop everything, FINs included, without closing anything; in-flight bytes are lost too. */
  blackhole: boolean
  /** Answer a WebSocket upgrade with 403 without contacting the target, like a proxy that strips WebSockets. */
  refuseUpgrades: boolean
  /** End a new connection with FIN both ways once this many bytes (both directions together) passed; 0 means never. */
  closeAfterBytes: number
}

export interface FaultProxyOptions {
  target: { host: string; port: number }
  listenHost?: string
  port?: number
}

export interface FaultProxy {
  port: number
  url: string
  setFaults(faults: Partial<Faults>): void
  clearFaults(): void
  /** Destroys every connection with an RST, both sides. */
  resetAll(): void
  /** Ends every connection with a FIN, both sides. */
  closeAll(): void
  stats(): { connections: number; open: number; bytesUp: number; bytesDown: number }
  close(): Promise<void>
}

export const REFUSED_UPGRADE = 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'

const NO_FAULTS: Faults = { latencyMs: 0, bytesPerSecond: 0, blackhole: false, refuseUpgrades: false, closeAfterBytes: 0 }
/** A request head longer than this is not a browser's upgrade request: stop sniffing and forward it. */
const MAX_HEAD_BYTES = 16 * 1024
/** Pause the sender once a direction holds this much undelivered, so no queue grows without bound. */
const QUEUE_HIGH_WATER = 1024 * 1024
/** Bandwidth is paced in slices worth 1/20 s, small enough to look like a steady trickle. */
const SLICES_PER_SECOND = 20

interface Lane {
  push(data: Buffer | null): void
  pump(): void
  drop(): void
}

interface Link {
  faults(): Faults
  /** How many of `n` bytes may still pass before the connection's byte budget is spent. */
  allow(n: number): number
  passed(n: number): void
  spent(): boolean
  finish(): void
}

/** Resets a connected socket; one still connecting has nothing to reset, so it is just destroyed. */
function reset(socket: Socket): void {
  if (socket.destroyed) return
  if (socket.connecting || typeof socket.resetAndDestroy !== 'function') socket.destroy()
  else socket.resetAndDestroy()
}

/** One direction of one connection: a single FIFO, so latency and pacing can never reorder bytes. */
function createLane(from: Socket, to: Socket, link: Link): Lane {
  const queue: { data: Buffer | null; at: number }[] = [] // null stands for the sender's FIN
  let queued = 0
  let timer: NodeJS.Timeout | undefined
  let pacedUntil = 0
  let draining = false
  let paused = false

  function drop(): void {
    clearTimeout(timer)
    queue.length = 0
    queued = 0
    if (paused) from.resume()
    paused = false
  }

  function pump(): void {
    clearTimeout(timer)
    const { latencyMs, bytesPerSecond, blackhole } = link.faults()
    if (blackhole) return drop()
    if (draining) return
    while (queue.length > 0) {
      const item = queue[0]!
      const now = performance.now()
      const wait = Math.max(item.at + latencyMs - now, bytesPerSecond > 0 ? pacedUntil - now : 0)
      if (wait > 0) {
        timer = setTimeout(pump, wait)
        return
      }
      // The receiver is gone (it was reset while we were blackholed): answer the sender the way its kernel would.
      if (to.destroyed) {
        drop()
        return reset(from)
      }
      if (item.data === null) {
        queue.length = 0
        to.end()
        return
      }
      let data = item.data
      const slice = bytesPerSecond > 0 ? Math.max(1, Math.floor(bytesPerSecond / SLICES_PER_SECOND)) : Infinity
      if (data.length > slice) {
        item.data = data.subarray(slice)
        data = data.subarray(0, slice)
      } else queue.shift()
      queued -= data.length
      if (bytesPerSecond > 0) pacedUntil = now + (data.length * 1000) / bytesPerSecond
      if (paused && queued < QUEUE_HIGH_WATER) {
        paused = false
        from.resume()
      }
      data = data.subarray(0, link.allow(data.length))
      link.passed(data.length)
      const flushed = to.write(data)
      if (link.spent()) return link.finish()
      if (!flushed) {
        draining = true
        to.once('drain', () => {
          draining = false
          pump()
        })
        return
      }
    }
  }

  function push(data: Buffer | null): void {
    if (link.faults().blackhole) return
    queue.push({ data, at: performance.now() })
    if (data) queued += data.length
    if (queued >= QUEUE_HIGH_WATER && !paused) {
      paused = true
      from.pause()
    }
    pump()
  }

  return { push, pump, drop }
}

/** Whether a connection's first bytes are a WebSocket upgrade request; `undefined` while the request head is still incomplete. */
function sniffUpgrade(head: Buffer): boolean | undefined {
  if (!/^[A-Z]{1,16}( |$)/.test(head.subarray(0, 17).toString('latin1'))) return false
  const end = head.indexOf('\r\n\r\n')
  if (end < 0) return head.length > MAX_HEAD_BYTES ? false : undefined
  return /^upgrade:[^\r\n]*\bwebsocket\b/im.test(head.subarray(0, end).toString('latin1'))
}

export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const { target, listenHost = '127.0.0.1', port = 0 } = options
  let faults: Faults = { ...NO_FAULTS }
  const totals = { connections: 0, bytesUp: 0, bytesDown: 0 }
  const conns = new Set<{ sockets: Socket[]; lanes: Lane[]; finish(): void }>()

  // allowHalfOpen: a FIN from one side must travel through the lane (after its delayed bytes), not close both.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    totals.connections++
    const budget = faults.closeAfterBytes > 0 ? faults.closeAfterBytes : Infinity
    let spent = 0
    let done = false
    const conn = { sockets: [client], lanes: [] as Lane[], finish }
    conns.add(conn)

    function finish(): void {
      if (done) return
      done = true
      for (const lane of conn.lanes) lane.drop()
      for (const socket of conn.sockets) socket.end()
    }

    function watch(socket: Socket, onError: () => void): void {
      socket.on('error', () => {}) // every error ends in 'close', where it is handled
      socket.on('close', (hadError) => {
        if (hadError && !done && !faults.blackhole) {
          done = true
          for (const lane of conn.lanes) lane.drop()
          onError()
        }
        if (conn.sockets.every((s) => s.destroyed)) conns.delete(conn)
      })
    }

    function link(up: boolean): Link {
      return {
        faults: () => faults,
        allow: (n) => Math.min(n, budget - spent),
        passed: (n) => {
          spent += n
          if (up) totals.bytesUp += n
          else totals.bytesDown += n
        },
        spent: () => spent >= budget,
        finish,
      }
    }

    function open(head: Buffer[], ended: boolean): void {
      const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true })
      let connected = false
      upstream.once('connect', () => (connected = true))
      conn.sockets.push(upstream)
      const up = createLane(client, upstream, link(true))
      const down = createLane(upstream, client, link(false))
      conn.lanes.push(up, down)
      // A target that refuses (relay down) just closes the client; a reset after connecting is passed on as a reset.
      watch(upstream, () => (connected ? reset(client) : client.destroy()))
      for (const [socket, lane] of [[client, up], [upstream, down]] as const) {
        socket.on('data', (data: Buffer) => done || lane.push(data))
        socket.on('end', () => done || lane.push(null))
      }
      for (const data of head) up.push(data)
      if (ended) up.push(null)
    }

    watch(client, () => conn.sockets[1] && reset(conn.sockets[1]))
    if (!faults.refuseUpgrades) return open([], false)

    // Hold the first bytes until the request head is complete, then refuse or forward them.
    const head: Buffer[] = []
    const decide = (ended: boolean): void => {
      client.off('data', onHead).off('end', onEnd)
      const upgrade = sniffUpgrade(Buffer.concat(head))
      if (!upgrade || ended) return open(head, ended)
      client.end(REFUSED_UPGRADE)
      client.resume() // drain whatever else it sends, so closing it later sends FIN rather than RST
    }
    const onHead = (data: Buffer): void => {
      if (done || faults.blackhole) return
      head.push(data)
      if (sniffUpgrade(Buffer.concat(head)) !== undefined) decide(false)
    }
    const onEnd = (): void => (done ? undefined : decide(true))
    client.on('data', onHead).on('end', onEnd)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, listenHost, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', () => {}) // after listening, a server error (e.g. EMFILE on accept) must not take the process down
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fault proxy: no TCP address')

  function setFaults(next: Partial<Faults>): void {
    faults = { ...faults, ...next }
    for (const conn of conns) for (const lane of conn.lanes) lane.pump()
  }

  return {
    port: address.port,
    url: `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${address.port}`,
    setFaults,
    clearFaults: () => setFaults(NO_FAULTS),
    resetAll: () => {
      for (const conn of conns) for (const socket of conn.sockets) reset(socket)
    },
    closeAll: () => {
      for (const conn of conns) conn.finish()
    },
    stats: () => ({ ...totals, open: conns.size }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const conn of conns) {
          for (const lane of conn.lanes) lane.drop()
          for (const socket of conn.sockets) socket.destroy()
        }
      }),
  }
}

const USAGE = 'usage: tsx scripts/fault-proxy.ts --target 127.0.0.1:8787 [--port 9000] [--latency 200] [--bps 20000] [--refuse-upgrades]'

function parseCount(value: string | undefined, name: string): number {
  const n = Number(value ?? 0)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${value}`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      port: { type: 'string' },
      latency: { type: 'string' },
      bps: { type: 'string' },
      'refuse-upgrades': { type: 'boolean', default: false },
    },
  })
  const match = /^(.+):(\d+)$/.exec(values.target ?? '')
  if (!match) throw new Error(USAGE)
  const proxy = await createFaultProxy({ target: { host: match[1]!, port: Number(match[2]) }, port: parseCount(values.port, 'port') })
  proxy.setFaults({
    latencyMs: parseCount(values.latency, 'latency'),
    bytesPerSecond: parseCount(values.bps, 'bps'),
    refuseUpgrades: values['refuse-upgrades'],
  })
  console.log(proxy.url)
  const stop = (): void => void proxy.close().then(() => process.exit(0))
  process.once('SIGINT', stop).once('SIGTERM', stop)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: Error) => {
    console.error(err.message)
    process.exit(1)
  })
}
