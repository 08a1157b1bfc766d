import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { WriteDeadline } from './store.js'

/** Undos are idempotent, so a failed one is tried again: Redis is usually back within a few seconds. */
const UNDO_TRIES = 5
const UNDO_RETRY_MS = 1000

const instance = randomUUID().slice(0, 8)
let sequence = 0

/** A deadline whose request id is made when a write first asks for it: most decisions only read. */
class Deadline implements WriteDeadline {
  #requestId: string | undefined

  constructor (readonly at: number) {}

  get requestId (): string {
    return this.#requestId ??= `${instance}:${(sequence++).toString(36)}`
  }
}

/**
 * One request's store work under a deadline. The store refuses writes that reach it after `deadline.at`;
 * for the writes it confirms, the work registers how to take each back. Whoever answers the request settles
 * the attempt: `keep` when the answer rests on those writes, `abandon` when the request was answered without
 * them (the deadline passed first, or the store failed). An abandoned attempt undoes every write it made,
 * confirmed before or after, so a refused answer leaves no charge and holds no place.
 */
export class Attempt {
  readonly deadline: WriteDeadline
  #state: 'open' | 'kept' | 'abandoned' = 'open'
  #undos: Array<() => Promise<unknown>> = []

  constructor (timeoutMs: number, private readonly log: FastifyBaseLogger) {
    this.deadline = new Deadline(performance.now() + timeoutMs)
  }

  get settled (): boolean {
    return this.#state !== 'open'
  }

  /** A write the store confirmed, and how to take it back. */
  wrote (undo: () => Promise<unknown>): void {
    if (this.#state === 'open') this.#undos.push(undo)
    else if (this.#state === 'abandoned') this.#undo(undo)
  }

  keep (): void {
    if (this.#state !== 'open') return
    this.#state = 'kept'
    this.#undos = []
  }

  abandon (): void {
    if (this.#state !== 'open') return
    this.#state = 'abandoned'
    for (const undo of this.#undos) this.#undo(undo)
    this.#undos = []
  }

  #undo (undo: () => Promise<unknown>, tries = 1): void {
    undo().catch((err: unknown) => {
      if (tries < UNDO_TRIES) {
        setTimeout(() => { this.#undo(undo, tries + 1) }, UNDO_RETRY_MS).unref()
        return
      }
      this.log.error({ err: { message: (err as Error).message }, requestId: this.deadline.requestId }, 'a late store write could not be undone')
    })
  }
}
