/**
 * @module widget/api — the `Parley(...)` global. Replays the calls the page queued before the
 * script loaded, in order, then takes calls directly. Verbs are a fixed switch: nothing is ever
 * looked up by a name that came from data. A call that is wrong is reported by its code
 * (widget/checks), and never throws into the page.
 */
import type { Context, VisitorIdentify } from '../protocol/frames.js'
import type { ChatClient } from './chat-client.js'
import { problemWith, type Problem } from './checks.js'
import type { Emitter, Handler } from './emitter.js'

export const EVENTS = ['message', 'open', 'close', 'rated', 'ready', 'error'] as const

export type ParleyFn = ((verb: string, ...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: true }

export interface ApiTarget {
  client: ChatClient
  events: Emitter
  report(...problem: Problem): void
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function createApi({ client, events, report }: ApiTarget): ParleyFn {
  function call(verb: unknown, ...args: unknown[]): void {
    switch (verb) {
      case 'identify': {
        const [fields] = args
        if (!isPlainObject(fields) || typeof fields.id !== 'string') return report('identify')
        const { id, name, email, hash } = fields
        const frame: VisitorIdentify = {
          type: 'identify',
          id,
          ...(name !== undefined && { name: name as string }),
          ...(email !== undefined && { email: email as string }),
          ...(hash !== undefined && { hash: hash as string }),
        }
        const problem = problemWith(frame)
        return problem ? report(...problem) : client.identify(frame)
      }
      case 'context': {
        const [data] = args
        if (!isPlainObject(data)) return report('context')
        const problem = problemWith({ type: 'context', data: data as Context })
        return problem ? report(...problem) : client.setContext(data as Context)
      }
      case 'open':
        return client.setOpen(true)
      case 'close':
        return client.setOpen(false)
      case 'toggle':
        return client.setOpen(!client.getState().open)
      case 'send':
        if (typeof args[0] !== 'string') return report('send')
        client.send(args[0])
        return
      case 'on': {
        const [event, handler] = args
        if (!(EVENTS as readonly unknown[]).includes(event) || typeof handler !== 'function') {
          return report('on')
        }
        events.on(event as string, handler as Handler)
        // A handler added after the widget became ready still hears about it.
        if (event === 'ready' && client.getState().link === 'online') (handler as Handler)()
        return
      }
      case 'shutdown':
        return client.shutdown()
      default:
        report('verb', String(verb))
    }
  }

  const parley: ParleyFn = (verb, ...args) => {
    try {
      call(verb, ...args)
    } catch (err) {
      // The host page called us; it must never see our exceptions.
      report('failed', String(verb), err instanceof Error ? err.message : String(err))
    }
  }
  parley.loaded = true
  return parley
}

/** Calls queued by the snippet `(Parley.q=Parley.q||[]).push(arguments)`, oldest first. */
export function queuedCalls(existing: unknown): unknown[][] {
  const q = typeof existing === 'function' ? (existing as ParleyFn).q : undefined
  if (!q || typeof q.length !== 'number') return []
  return Array.from(q, (args) => Array.from(args))
}
