/**
 * @module widget/ui/StatusLine — where the visitor stands, in words: who they are chatting with,
 * their place in line and an honest wait estimate, or that nobody is online (then they may leave
 * an email for the answer).
 */
import type { VisitorState } from '../../protocol/frames.js'
import { lazyPart } from './lazy.js'
import { STRINGS } from './strings.js'
import type { View } from './view.js'

/** Only a visitor who finds nobody online sees it (with its words, "nobody is online" too): fetched then. */
const Offline = lazyPart(() => import('./EmailForm.js').then((m) => ({ part: m.Offline, css: m.EMAIL_CSS })))

export function StatusLine({ state, view }: { state: VisitorState | undefined; view: View }) {
  if (!state || state.status === 'closed') return null
  if (state.status === 'open' && state.agent) return <p class="status-line">{STRINGS.withAgent(state.agent)}</p>
  if (!state.available) return <Offline state={state} view={view} />
  if (state.status === 'waiting' && state.position !== null) {
    return (
      <p class="status-line" data-position={state.position}>
        {STRINGS.queued(state.position)} · {state.eta === null ? STRINGS.etaUnknown : STRINGS.eta(state.eta)}
      </p>
    )
  }
  return null
}
