/** @module widget/ui/mount — renders the widget into the shadow root where the loader painted its launcher. */
import { render } from 'preact'
import type { ChatClient } from '../chat-client.js'
import type { Handoff } from '../handoff.js'
import { LAUNCHER_CSS } from './launcher-css.js'
import { adoptStyles } from './styles-adopt.js'
import { WIDGET_CSS } from './styles.js'
import { Widget } from './Widget.js'

export function mountWidget({ config, root, open }: Handoff, client: ChatClient): void {
  const hadFocus = root.activeElement !== null
  root.replaceChildren() // the loader's launcher: the widget draws its own in the same place
  adoptStyles(root, LAUNCHER_CSS, WIDGET_CSS)
  render(<Widget client={client} config={config} openedByVisitor={open} />, root)
  if (hadFocus && !open) root.querySelector<HTMLElement>('.launcher')?.focus()
}
