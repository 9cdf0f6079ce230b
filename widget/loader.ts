/**
 * @module widget/loader — /widget.js, what every page view pays for: reads the script tag,
 * paints the launcher (with the unread badge) in a shadow root at once, queues `Parley(...)`
 * calls, and fetches the real widget only on intent — hover, focus or a click on the launcher,
 * an API call that needs it, or a conversation already going (then on idle). No layout shift:
 * the launcher is fixed in a corner, and nothing here blocks the page.
 */
import { findScript, readConfig } from './config.js'
import type { Handoff, Stub } from './handoff.js'
import { readHint } from './hint.js'
import { pickLanguage, type Lang } from './i18n/index.js'
import { LAUNCHER_LABEL } from './i18n/launcher.js'
import { textOn } from './ui/contrast.js'
import { LAUNCHER_CSS } from './ui/launcher-css.js'
import { addStyles } from './ui/styles-adopt.js'

/** The content-hashed path of the widget bundle for each language, put here by the build. */
declare const PARLEY_APP: Record<Lang, string>

const report = (message: string) => console.error(`[parley] ${message}`)
/** Calls that mean the visitor is about to chat: fetch the widget now. */
const EAGER = ['open', 'toggle', 'send']
const ICON = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4 4V5a2 2 0 0 1 2-2z'

function start(script: HTMLScriptElement | undefined): void {
  if (window.Parley?.loaded || window.Parley?.h) return report('widget.js is included twice; the second copy does nothing')
  if (!script) return report('cannot find the widget script tag (it needs data-site)')
  const config = readConfig(script)
  if (typeof config === 'string') return report(config)

  const host = document.createElement('parley-chat')
  if (config.color && CSS.supports?.('color', config.color)) host.style.setProperty('--parley-accent', config.color)
  const root = host.attachShadow({ mode: 'open' })
  addStyles(root, LAUNCHER_CSS)
  const lang = pickLanguage(config.lang, navigator.languages ?? [])
  const handoff: Handoff = {
    config,
    host,
    root,
    open: false,
    addStyles: (css) => addStyles(root, css),
    icon: ICON,
    readHint: () => readHint(config.site),
    label: LAUNCHER_LABEL[lang],
  }
  const { unread, active } = handoff.readHint()

  let fetched = false
  const fetchWidget = (open: boolean) => {
    handoff.open ||= open
    if (fetched) return
    fetched = true
    const app = document.createElement('script')
    app.src = config.relay + PARLEY_APP[lang]
    app.async = true
    app.onerror = () => report(`could not load the chat from ${config.relay}; is the relay running?`)
    document.head.appendChild(app)
  }

  const wrap = document.createElement('div')
  wrap.className = `root ${config.position}`
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'launcher'
  button.setAttribute('part', 'launcher')
  button.setAttribute('aria-label', handoff.label(unread))
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path')
  path.setAttribute('d', ICON)
  svg.appendChild(path)
  button.appendChild(svg)
  if (unread) {
    const badge = document.createElement('span')
    badge.className = 'badge'
    badge.setAttribute('aria-hidden', 'true')
    badge.textContent = unread > 99 ? '99+' : String(unread)
    button.appendChild(badge)
  }
  button.onclick = () => fetchWidget(true)
  button.onpointerenter = button.onfocus = () => fetchWidget(false)
  wrap.appendChild(button)
  root.appendChild(wrap)

  // Take over the global, keeping whatever the page queued before this script ran.
  const queue = Array.from(window.Parley?.q ?? [])
  const stub: Stub = function (...args: unknown[]) {
    queue.push(args)
    // An API call fetches the widget but never moves focus: only the visitor's own click does.
    if (EAGER.includes(args[0] as string)) fetchWidget(false)
  }
  stub.q = queue
  stub.h = handoff
  window.Parley = stub
  if (queue.some((args) => EAGER.includes(args[0] as string))) fetchWidget(false)

  const mount = () => {
    document.body.appendChild(host)
    if (config.color) {
      // Text on the accent must stay readable whatever colour the site owner picked.
      host.style.color = config.color
      host.style.setProperty('--parley-accent-text', textOn(getComputedStyle(host).color))
    }
    // In a conversation already: fetch the widget when the page is idle, so replies show.
    if (!active && !unread) return
    if ('requestIdleCallback' in window) requestIdleCallback(() => fetchWidget(false), { timeout: 3000 })
    else setTimeout(() => fetchWidget(false), 1000)
  }
  if (document.body) mount()
  else document.addEventListener('DOMContentLoaded', mount, { once: true })
}

// document.currentScript is only set while this file first runs, so read it now.
start(findScript(document.currentScript))
