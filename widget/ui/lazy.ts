/**
 * @module widget/ui/lazy — what only some visitors ever see (the rating form, the email form, the
 * seldom words): fetched the first time it is drawn. Until it arrives the view draws without it;
 * then the view draws again.
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

/** What `load` gives, once it has: the first call starts it, and the view draws again when it is there. */
export function lazy<T>(load: () => Promise<T>): () => T | undefined {
  let loaded: T | undefined
  let loading = false
  return () => {
    if (!loading) {
      loading = true
      load().then(
        (value) => {
          loaded = value
          host.redraw()
        },
        () => {
          loading = false // a fetch that failed (link down) is tried again on the next draw
        },
      )
    }
    return loaded
  }
}

/** The parts are plain functions of their props (no hooks), so the loaded one is simply called. */
export function lazyPart<P>(load: () => Promise<LoadedPart<P>>): Part<P> {
  const part = lazy(() =>
    load().then((loaded) => {
      host.addStyles(loaded.css)
      return loaded.part
    }),
  )
  return (props) => part()?.(props) ?? null
}
