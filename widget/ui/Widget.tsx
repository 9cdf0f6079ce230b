/** @module widget/ui/Widget — the widget's root: launcher and, when open, the panel. */
import { useEffect, useRef } from 'preact/hooks'
import type { ChatClient } from '../chat-client.js'
import type { WidgetConfig } from '../config.js'
import { Launcher } from './Launcher.js'
import { Panel } from './Panel.js'
import { LANG, STRINGS } from './strings.js'
import { useChatState } from './use-chat-state.js'

interface Props {
  client: ChatClient
  config: WidgetConfig
  /** The visitor clicked the loader's launcher: open now and put them in the composer. */
  openedByVisitor: boolean
}

export function Widget({ client, config, openedByVisitor }: Props) {
  const state = useChatState(client)
  const launcher = useRef<HTMLButtonElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const input = useRef<HTMLTextAreaElement>(null)
  // Focus moves into the panel only when the visitor opened it themselves, never on an API call.
  const focusOnOpen = useRef(openedByVisitor)

  useEffect(() => {
    if (openedByVisitor) client.setOpen(true)
    // On phones the on-screen keyboard shrinks the visual viewport: the panel follows it, so
    // the composer is never underneath the keyboard.
    const viewport = window.visualViewport
    const fit = () => viewport && rootRef.current?.style.setProperty('--vvh', `${viewport.height}px`)
    fit()
    viewport?.addEventListener('resize', fit)
    return () => viewport?.removeEventListener('resize', fit)
  }, [])

  useEffect(() => {
    if (!state.open) return
    if (focusOnOpen.current) input.current?.focus()
    focusOnOpen.current = false
  }, [state.open])

  function close(): void {
    client.setOpen(false)
    launcher.current?.focus()
  }

  return (
    <div
      ref={rootRef}
      class={`root ${config.position}`}
      lang={LANG}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && state.open) close()
      }}
    >
      {state.open && <Panel state={state} client={client} title={config.title ?? STRINGS.title} onClose={close} inputRef={input} />}
      <Launcher
        open={state.open}
        unread={state.unread}
        buttonRef={launcher}
        onToggle={() => {
          focusOnOpen.current = !state.open
          client.setOpen(!state.open)
        }}
      />
    </div>
  )
}
