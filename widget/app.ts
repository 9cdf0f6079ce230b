/**
 * @module widget/app — the widget the loader fetches on intent: takes over the `Parley` global
 * (replaying the calls queued so far, in order), connects, and renders into the shadow root the
 * loader painted the launcher in.
 */
import { createApi, queuedCalls } from './api.js'
import { createChatClient } from './chat-client.js'
import type { Problem } from './checks.js'
import { createEmitter } from './emitter.js'
import './handoff.js'
import { lendToParts } from './parts.js'
import { mountWidget } from './ui/mount.js'

const report = (message: string) => console.error(`[parley] ${message}`)

function start(): void {
  const handoff = window.Parley?.h
  if (window.Parley?.loaded) return
  if (!handoff) return report('embed /widget.js, not this file: it is loaded by /widget.js when needed')
  const events = createEmitter((err) => report(`an on() handler threw: ${err instanceof Error ? err.message : String(err)}`))
  const onReport = (message: string) => {
    report(message)
    events.emit('error', { code: 'api', message })
  }
  // A mistake in the page's calls is worded by a part fetched then (widget/problems); should it not
  // come, the code alone is reported. One import() for all, so they are reported in the order made
  // (several import() calls of one module while it loads may resolve in any order).
  let problems: Promise<typeof import('./problems.js')> | undefined
  const onProblem = (...[code, ...args]: Problem) =>
    void (problems ??= import('./problems.js')).then(({ PROBLEMS }) => PROBLEMS[code](...args), () => code).then(onReport)
  lendToParts(handoff.config.relay)
  const client = createChatClient(handoff.config, events, onReport, handoff.readHint)
  const queued = queuedCalls(window.Parley)
  const parley = createApi({ client, events, report: onProblem })
  window.Parley = parley
  mountWidget(handoff, client)
  for (const args of queued) parley(...(args as [string, ...unknown[]]))
}

start()
