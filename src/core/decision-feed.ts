/** One decision as logged: what the console's live feed shows. No secret is ever part of it. */
export interface DecisionRecord {
  adapter: string
  action?: string
  app?: string | undefined
  stream?: string | undefined
  protocol?: string | undefined
  ip?: string | undefined
  outcome: string
  policy?: string
  rule?: string
  reason: string
  subject?: string | undefined
  lifetime?: number | undefined
  ms: number
}

export type DecisionListener = (record: DecisionRecord) => void

/**
 * Where recorded decisions can be watched. Publishing costs one size check while nobody listens, so the hot
 * path pays nothing for a console that is off or closed.
 */
export class DecisionFeed {
  readonly #listeners = new Set<DecisionListener>()

  get watched (): boolean {
    return this.#listeners.size > 0
  }

  /** Returns the unsubscribe function. */
  subscribe (listener: DecisionListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  publish (record: DecisionRecord): void {
    if (this.#listeners.size === 0) return
    for (const listener of this.#listeners) {
      // a watcher's fault must never change or delay an answer
      try { listener(record) } catch { this.#listeners.delete(listener) }
    }
  }
}
