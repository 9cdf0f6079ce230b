/**
 * @module scripts/bench/ceiling — section 1: the bench's load generator against a bare `ws` echo
 * server in another process. Same clients, same window, same frames as the relay sections, so
 * the relay's messages/s can be read as a share of what this machine can move at all.
 */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { WebSocket } from 'ws'
import type { FromEchoChild } from './echo-child.js'
import { startCpuSpan } from './cpu.js'
import { LOAD, benchCid, createMeter, messageFrame, type Meter } from './load.js'
import { round, summarize } from './stats.js'
import type { Section } from './section.js'
import { closeWebSocket, inBatches, openWebSocket } from './socket.js'

const ROOT = join(import.meta.dirname, '..', '..')

async function startEchoServer(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = fork(join(import.meta.dirname, 'echo-child.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: FromEchoChild) => resolve(message.port))
    void exited.then(() => reject(new Error('the echo server exited while starting')))
  })
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      child.send({ type: 'stop' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** One echo client: keeps `window` frames in flight, timing each from send to its echo. */
function pump(ws: WebSocket, index: number, meter: Meter): void {
  const sentAt = new Map<string, number>()
  let written = 0
  const send = () => {
    const cid = benchCid(index, ++written)
    const now = performance.now()
    sentAt.set(cid, now)
    ws.send(messageFrame(cid, now))
  }
  ws.on('message', (data: Buffer) => {
    const { cid } = JSON.parse(data.toString()) as { cid: string }
    const at = sentAt.get(cid)
    if (at === undefined) return
    sentAt.delete(cid)
    meter.record('echo', performance.now() - at, true)
    if (!meter.over) send()
  })
  for (let i = 0; i < LOAD.window; i++) send()
}

export const ceiling: Section = {
  name: 'ceiling',
  title: 'bare ws echo server, same load generator',
  limitMs: 45_000,
  async run({ options, defer, progress }) {
    const server = await startEchoServer()
    defer(() => server.stop())
    const sockets = await inBatches(Array.from({ length: LOAD.clients }), 50, () => openWebSocket(server.url))
    defer(() => Promise.all(sockets.map(closeWebSocket)))
    progress(`${LOAD.clients} clients × ${LOAD.window} in flight for ${(options.sizes.warmupMs + options.sizes.measureMs) / 1000} s`)
    const meter = createMeter(options.sizes)
    sockets.forEach((ws, index) => pump(ws, index, meter))
    await meter.measuring
    const cpu = startCpuSpan({ server: server.pid })
    await meter.finished
    const cpuPercent = cpu.end()
    const echo = summarize(meter.samples('echo'))
    const rate = meter.rate()
    return {
      rows: [
        { metric: 'messages/s', value: Math.round(rate), unit: 'msg/s' },
        { metric: 'round trip p50', value: round(echo.p50), unit: 'ms' },
        { metric: 'round trip p99', value: round(echo.p99), unit: 'ms' },
        { metric: 'CPU: echo server / load generator', value: `${cpuPercent.server} / ${cpuPercent.loadGenerator}`, unit: '% of a core' },
      ],
      details: { config: { ...LOAD, frameBytes: messageFrame(benchCid(0, 1)).length, ...options.sizes }, messagesPerSecond: rate, roundTripMs: echo, cpuPercent },
      notes: [],
    }
  },
}
