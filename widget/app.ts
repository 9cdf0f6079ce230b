/**
 * @module widget/app — the widget the loader fetches on intent: takes over the `Parley` global
 * (replaying the calls queued so far, in order), connects, and renders into the shadow root the
 * loader painted the launcher in.
 */
import { createApi, queuedCalls } from './api.js'
import { createChatClient } from './chat-client.js'
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
  lendToParts(handoff.config.relay)
  const client = createChatClient(handoff.config, events, onReport, handoff.readHint)
  const queued = queuedCalls(window.Parley)
  const parley = createApi({ client, events, report: onReport })
  window.Parley = parley
  mountWidget(handoff, client)
  for (const args of queued) parley(...(args as [string, ...unknown[]]))
}

start()
