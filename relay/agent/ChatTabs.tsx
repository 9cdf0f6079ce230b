/** @module relay/agent/ChatTabs — the center column: one tab per open chat (arrow keys move between them, Delete closes one) and the focused chat below. */
import type { ComponentChildren } from 'preact'
import { useId, useRef } from 'preact/hooks'
import type { ConsoleState } from './console-state.js'
import { unreadOf } from './console-views.js'
import { visitorLabel } from './labels.js'

interface TabsProps {
  state: ConsoleState
  onFocus(conv: string): void
  onCloseTab(conv: string): void
  /** The focused chat, rendered inside the tab panel. */
  children: ComponentChildren
}

export function ChatTabs({ state, onFocus, onCloseTab, children }: TabsProps) {
  const ids = useId()
  const list = useRef<HTMLDivElement>(null)
  const tabId = (conv: string) => `${ids}-tab-${conv}`
  const panelId = `${ids}-panel`

  /** After the render that selects it, the selected tab takes focus (roving tabindex). */
  function focusSelected(): void {
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus())
  }

  function onKeyDown(e: KeyboardEvent, index: number): void {
    const { tabs } = state
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }
    const to = moves[e.key]
    const conv = tabs[index]
    if (e.key === 'Delete' && conv) {
      e.preventDefault()
      onCloseTab(conv)
      return focusSelected()
    }
    if (to === undefined) return
    e.preventDefault()
    const next = tabs[(to + tabs.length) % tabs.length]
    if (next) onFocus(next)
    focusSelected()
  }

  if (state.tabs.length === 0) {
    return (
      <main class="chat">
        <p class="empty">Pick a conversation on the left.</p>
      </main>
    )
  }

  return (
    <main class="chat">
      <div ref={list} class="tabs" role="tablist" aria-label="Open chats">
        {state.tabs.map((conv, index) => {
          const summary = state.conversations.get(conv)
          const selected = conv === state.focused
          const unread = summary && !selected ? unreadOf(state, summary) : 0
          return (
            <div key={conv} class="tab" role="none" data-selected={selected} data-status={summary?.status}>
              <button
                type="button"
                role="tab"
                id={tabId(conv)}
                aria-selected={selected}
                aria-controls={selected ? panelId : undefined}
                aria-keyshortcuts="Delete"
                tabIndex={selected ? 0 : -1}
                onClick={() => onFocus(conv)}
                onKeyDown={(e) => onKeyDown(e, index)}
              >
                {summary ? visitorLabel(summary) : 'Loading…'}
                {unread > 0 && (
                  <span class="unread" aria-hidden="true">
                    {unread}
                  </span>
                )}
              </button>
              {/* A tablist may hold only tabs: the × is for the mouse, Delete closes from the keyboard. */}
              <span
                class="tab-close"
                aria-hidden="true"
                title="Close tab (Delete)"
                onClick={() => {
                  onCloseTab(conv)
                  focusSelected()
                }}
              >
                ×
              </span>
            </div>
          )
        })}
      </div>
      <section class="tab-panel" role="tabpanel" id={panelId} aria-labelledby={state.focused ? tabId(state.focused) : undefined}>
        {children}
      </section>
    </main>
  )
}
