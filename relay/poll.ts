/**
 * @module relay/poll — long-polling: the visitor protocol over plain HTTP POSTs, for links where
 * a WebSocket cannot get through. No session lives on the relay between requests: each one
 * carries a full `hello`, runs through the same visitor session as a socket would, and is held
 * open (up to its `wait`) until something is sent to it.
 */
import type { HttpBindings } from '@hono/node-server'
import { Hono, type Context } from 'hono'
import { cors } from 'hono/cors'
import {
  CID_PATTERN,
  POLL_MAX_BODY_BYTES,
  POLL_MAX_FRAMES,
  POLL_MAX_WAIT_MS,
  POLL_PATH,
  validateClientFrame,
  type PollResponse,
  type ToVisitor,
  type VisitorFrame,
  type VisitorWelcome,
} from '../protocol/index.js'
import type { Core } from './core.js'
import { RelayError, toErrorFrame } from './errors.js'

const tooLarge = () => new RelayError('too_large', `body is larger than ${POLL_MAX_BODY_BYTES} bytes`)

/**
 * The request's body, refused once it passes POLL_MAX_BODY_BYTES. Not Hono's bodyLimit: that
 * makes @hono/node-server build a WHATWG Request and a web stream for the body, which was about
 * a fifth of the relay's time per poll (README, Performance); this reads the Node stream.
 */
async function bodyText(c: Context): Promise<string> {
  const declared = c.req.header('Content-Length')
  if (declared !== undefined && Number(declared) > POLL_MAX_BODY_BYTES) throw tooLarge()
  // Under @hono/node-server the Node request is at hand; in app.request() (tests) it is not.
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming
  // With a length, Node's parser delivers no more than it; without one (chunked), count as it comes.
  if (!incoming || declared !== undefined) {
    const text = await c.req.text()
    if (Buffer.byteLength(text) > POLL_MAX_BODY_BYTES) throw tooLarge()
    return text
  }
  // Past the limit nothing more is kept, but the rest is read, so the refusal can still be answered.
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size <= POLL_MAX_BODY_BYTES) chunks.push(chunk)
  }
  if (size > POLL_MAX_BODY_BYTES) throw tooLarge()
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Lets the calling page read the answer, whatever it turns out to be (an error included). Set on
 * the Node response, which every answer's headers are merged into: Hono's c.header before the
 * handler makes a placeholder Response, and one after it copies the finished one.
 */
function allowOrigin(c: Context): void {
  const origin = c.req.header('Origin')
  if (!origin) return
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing
  if (!outgoing) return c.header('Access-Control-Allow-Origin', origin) // app.request() in tests: no Node response
  outgoing.setHeader('Access-Control-Allow-Origin', origin)
  outgoing.setHeader('Vary', 'Origin')
}

function parseBody(text: string): { hello: VisitorFrame; frames: unknown[]; wait: number; page: string | undefined } {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new RelayError('bad_json', 'body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RelayError('bad_frame', 'body must be a JSON object { hello, frames?, wait?, page? }')
  const { hello, frames = [], wait = 0, page } = body as Record<string, unknown>
  const parsed = validateClientFrame('visitor', hello)
  if (!parsed.ok) throw new RelayError(parsed.code, `hello: ${parsed.message}`)
  if (parsed.frame.type !== 'hello') throw new RelayError('bad_frame', 'hello must be a frame of type "hello"')
  if (!Array.isArray(frames) || frames.length > POLL_MAX_FRAMES) throw new RelayError('bad_field', `frames must be an array of at most ${POLL_MAX_FRAMES}`)
  if (typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0 || wait > POLL_MAX_WAIT_MS) {
    throw new RelayError('bad_field', `wait must be an integer from 0 to ${POLL_MAX_WAIT_MS}`)
  }
  if (page !== undefined && (typeof page !== 'string' || !CID_PATTERN.test(page))) throw new RelayError('bad_field', `page must match ${CID_PATTERN}`)
  return { hello: parsed.frame, frames, wait, page }
}

/**
 * Answers to a run of messages arrive as their commit resolves them (a refusal a microtask after
 * an ack). Each message has one answer carrying its cid: those are put in the order the messages
 * were sent (`cids`, repeats allowed); every other frame keeps its place.
 */
export function inSentOrder(answers: ToVisitor[], cids: string[]): ToVisitor[] {
  const places = new Map<string, number[]>()
  cids.forEach((cid, index) => places.set(cid, [...(places.get(cid) ?? []), index]))
  const cidOf = (frame: ToVisitor) => ((frame.type === 'ack' || frame.type === 'error') && frame.cid !== undefined && places.has(frame.cid) ? frame.cid : undefined)
  const slots = answers.flatMap((frame, at) => (cidOf(frame) === undefined ? [] : [at]))
  const placed = slots.map((at) => ({ frame: answers[at]!, index: places.get(cidOf(answers[at]!)!)!.shift()! }))
  placed.sort((a, b) => a.index - b.index)
  const ordered = [...answers]
  slots.forEach((at, n) => (ordered[at] = placed[n]!.frame))
  return ordered
}

export function createPollRoute({ core, log }: { core: Core; log: (...args: unknown[]) => void }) {
  const waiting = new Set<() => void>()
  const app = new Hono()

  // Pages on any origin may call; whether this site accepts that origin is decided per request.
  // A preflight is answered here (the widget's text/plain POST needs none); a POST's answer, error
  // or not, gets its Allow-Origin from allowOrigin below.
  app.options(POLL_PATH, cors({ origin: (origin) => origin, allowMethods: ['POST'], allowHeaders: ['Content-Type'], maxAge: 600 }))

  app.post(POLL_PATH, async (c) => {
    allowOrigin(c)
    const { hello, frames, wait, page } = parseBody(await bodyText(c))
    const out: ToVisitor[] = []
    let wake: (() => void) | undefined
    const peer = {
      page,
      send(frame: ToVisitor) {
        out.push(frame)
        wake?.()
      },
    }
    const session = core.visitorSession(peer, c.req.header('Origin'))
    try {
      // An unknown site or a refused origin fails the whole request with its HTTP status.
      await session.receive(hello)
      // Frames run one after another, except that consecutive messages start together and share
      // one group commit: awaiting each in turn cost a commit (and a wake of the visitor's held
      // poll) per message. Their answers are put back in the order the messages came.
      let run: { cids: string[]; from: number; pending: Promise<unknown>[] } | undefined
      const settleRun = async () => {
        if (!run) return
        const { cids, from, pending } = run
        run = undefined
        await Promise.all(pending)
        out.splice(from, out.length - from, ...inSentOrder(out.slice(from), cids))
      }
      for (const raw of frames) {
        const parsed = validateClientFrame('visitor', raw)
        try {
          if (!parsed.ok) throw new RelayError(parsed.code, parsed.message, parsed.cid)
          if (parsed.frame.type === 'hello') throw new RelayError('bad_frame', 'hello belongs in the request, not among its frames')
          if (parsed.frame.type === 'msg') {
            const { cid } = parsed.frame
            run ??= { cids: [], from: out.length, pending: [] }
            run.cids.push(cid)
            const stored = (async () => session.receive(parsed.frame))() // a refusal is thrown now or later alike
            run.pending.push(stored.catch((err: unknown) => out.push(toErrorFrame(err, log))))
            continue
          }
          await settleRun()
          await session.receive(parsed.frame)
        } catch (err) {
          await settleRun()
          out.push(toErrorFrame(err, log))
        }
      }
      await settleRun()
      const welcome = out[0] as VisitorWelcome
      // The state frame every hello gets is not news by itself; acks, errors and messages are.
      const news = welcome.messages.length > 0 || welcome.reset || out.some((frame) => frame.type !== 'welcome' && frame.type !== 'state')
      if (!news && wait > 0) {
        // A page that goes away ends its held poll. The Node response says so when there is one;
        // the request's AbortSignal is made on demand, at a few per cent of a poll's CPU (profile).
        const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer)
            waiting.delete(done)
            outgoing?.off('close', done)
            resolve()
          }
          const timer = setTimeout(done, wait)
          wake = done
          waiting.add(done)
          if (!outgoing) c.req.raw.signal.addEventListener('abort', done)
          else if (outgoing.closed) done() // gone before it got this far
          else outgoing.once('close', done)
        })
      }
    } finally {
      session.close()
    }
    return c.json({ frames: out } satisfies PollResponse, 200, { 'Cache-Control': 'no-store' })
  })

  return {
    app,
    /** Answers every held poll now (the relay is shutting down; clients poll again elsewhen). */
    wakeAll(): void {
      for (const wake of [...waiting]) wake()
    },
  }
}
