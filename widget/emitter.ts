/** @module widget/emitter — a tiny event emitter (mitt's shape) whose handlers can never throw into the caller. */
export type Handler = (payload?: unknown) => void

export function createEmitter(onHandlerError: (err: unknown) => void) {
  const handlers = new Map<string, Set<Handler>>()
  return {
    on(event: string, handler: Handler): () => void {
      const set = handlers.get(event) ?? new Set()
      set.add(handler)
      handlers.set(event, set)
      return () => set.delete(handler)
    },
    emit(event: string, payload?: unknown): void {
      for (const handler of handlers.get(event) ?? []) {
        try {
          handler(payload)
        } catch (err) {
          // A site's own handler failing must not break the widget, nor the other handlers.
          onHandlerError(err)
        }
      }
    },
  }
}

export type Emitter = ReturnType<typeof createEmitter>
