/**
 * @module widget/ui/view — the widget's one render loop. The chat client publishes one state;
 * every change draws the whole (small) tree again and Preact applies the difference. What only
 * the screen knows — the score being picked, an email saved, where focus goes — lives here,
 * beside the refs the loop needs after drawing. No hooks: the bundle carries no hooks runtime.
 */
import { createRef, render } from 'preact'
import type { ChatClient } from '../chat-client.js'
import type { Handoff } from '../handoff.js'
import { hostParts } from './lazy.js'
import { suggest, type SelfServiceState } from './self-service.js'
import { createTypingSignal } from './typing-signal.js'
import { Widget } from './Widget.js'

export interface ViewLocal {
  /** The score picked in the rating form, for the conversation it rates. */
  rating?: { conv: string; score: number; sent?: boolean }
  /** The conversation an email was left for. */
  emailFor?: string
  /** Self-service while the visitor writes their first question (widget/ui/self-service). */
  kb?: SelfServiceState | undefined
}

export type View = ReturnType<typeof startView>

/** Draws into the shadow root the loader handed over, with what it lent (widget/handoff). */
export function startView({ root, config, open: openedByVisitor, addStyles, icon, label }: Handoff, client: ChatClient) {
  const refs = {
    root: createRef<HTMLDivElement>(),
    launcher: createRef<HTMLButtonElement>(),
    composer: createRef<HTMLTextAreaElement>(),
    log: createRef<HTMLDivElement>(),
  }
  // Focus moves into the panel only when the visitor opened it themselves, never on an API call.
  let focusOnOpen = openedByVisitor
  let wasOpen = false
  let scrolledTo = -1
  const typing = createTypingSignal((on) => client.tell({ type: 'typing', on }))

  const view = {
    config,
    icon,
    label,
    client,
    refs,
    local: {} as ViewLocal,
    update(patch: ViewLocal): void {
      view.local = { ...view.local, ...patch }
      draw()
    },
    /**
     * A form was sent and is replaced by its thanks: the focused button is gone, so focus moves
     * to the composer, keeping a keyboard user in the widget (and Esc working).
     */
    formSent(patch: ViewLocal): void {
      view.update(patch)
      refs.composer.current?.focus()
    },
    toggle(): void {
      const open = !client.getState().open
      focusOnOpen = open
      client.setOpen(open)
    },
    close(): void {
      client.setOpen(false)
      refs.launcher.current?.focus()
    },
    /**
     * Sends what the composer holds, with the articles read before (self-service); it is emptied
     * only once the message is taken.
     */
    send(): void {
      const input = refs.composer.current
      if (!input || !input.value.trim() || !client.send(input.value, view.local.kb?.seen)) return
      input.value = ''
      typing.stop()
      if (view.local.kb) view.update({ kb: undefined })
    },
    noteTyping(e: Event): void {
      typing.input()
      suggest(view, (e.currentTarget as HTMLTextAreaElement).value)
    },
  }

  function draw(): void {
    const state = client.getState()
    const before = refs.log.current
    // A reader at the bottom stays there when what is under the log grows (a rating form, a notice).
    const atBottom = before !== null && before.scrollHeight - before.scrollTop - before.clientHeight < 8
    render(<Widget state={state} view={view} />, root)
    if (state.open !== wasOpen) {
      wasOpen = state.open
      if (state.open && focusOnOpen) refs.composer.current?.focus()
      focusOnOpen = false
    }
    // Newest at the bottom, in view: on opening and whenever a message is added.
    const log = refs.log.current
    if (!log) scrolledTo = -1
    else if (state.items.length !== scrolledTo || atBottom) {
      scrolledTo = state.items.length
      log.scrollTop = log.scrollHeight
    }
  }

  client.subscribe(draw)
  hostParts({ redraw: draw, addStyles })
  draw()
  if (openedByVisitor) client.setOpen(true)

  // On phones the on-screen keyboard shrinks the visual viewport: the panel follows it, so the
  // composer is never underneath the keyboard.
  const viewport = window.visualViewport
  const fit = () => viewport && refs.root.current?.style.setProperty('--vvh', `${viewport.height}px`)
  fit()
  viewport?.addEventListener('resize', fit)
  return view
}
