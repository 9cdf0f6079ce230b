/** @module widget/ui/Widget — the widget's root: launcher and, when open, the panel. */
import type { ChatState } from '../chat-client.js'
import { Launcher } from './Launcher.js'
import { Panel } from './Panel.js'
import { LANG, STRINGS } from './strings.js'
import type { View } from './view.js'

export function Widget({ state, view }: { state: ChatState; view: View }) {
  return (
    <div
      ref={view.refs.root}
      class={`root ${view.config.position}`}
      lang={LANG}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && state.open) view.close()
      }}
    >
      {state.open && <Panel state={state} view={view} title={view.config.title ?? STRINGS.title} />}
      <Launcher icon={view.icon} label={view.label} open={state.open} unread={state.unread} buttonRef={view.refs.launcher} onToggle={view.toggle} />
    </div>
  )
}
