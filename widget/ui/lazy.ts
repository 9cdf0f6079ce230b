/**
 * @module widget/ui/lazy — parts of the screen that only some visitors ever see (the rating form,
 * the email form): their code and styles are fetched the first time they are drawn. Until they
 * arrive the part draws nothing; then the view draws again.
 */
import type { VNode } from 'preact'

type Part<P> = (props: P) => VNode | null

export interface LoadedPart<P> {
  part: Part<P>
  css: string
}

/** The view that draws the parts: set once it has started. */
export interface PartHost {
  redraw(): void
  addStyles(css: string): void
}

let host: PartHost = { redraw() {}, addStyles() {} }

export function hostParts(view: PartHost): void {
  host = view
}

/** The parts are plain functions of their props (no hooks), so the loaded one is simply called. */
export function lazyPart<P>(load: () => Promise<LoadedPart<P>>): Part<P> {
  let part: Part<P> | undefined
  let loading = false
  return (props) => {
    if (part) return part(props)
    if (!loading) {
      loading = true
      load().then(
        (loaded) => {
          host.addStyles(loaded.css)
          part = loaded.part
          host.redraw()
        },
        () => {
          loading = false // a fetch that failed (link down) is tried again on the next draw
        },
      )
    }
    return null
  }
}
