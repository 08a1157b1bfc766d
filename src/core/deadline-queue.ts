/** A call waiting in a DeadlineQueue; cancelled by the queue that made it. */
export interface Due {
  readonly at: number
  call: (() => void) | undefined
}

/** Cancelled calls at the head are let go when a call is added; the array is cut once this many are behind it. */
const COMPACT_AT = 1024

/**
 * Calls made one fixed delay after each was added, unless cancelled first. They fall due in the order they were
 * added, so one timer, armed for the earliest, serves them all: a setTimeout per call (a Timeout object made,
 * linked into a timer list and unlinked again) cost more than the store read it guards on every decision.
 * A call must not throw.
 */
export class DeadlineQueue {
  readonly #ms: number
  #entries: Due[] = []
  #head = 0
  #armed = false

  constructor (ms: number) {
    this.#ms = ms
  }

  /** Calls waiting, cancelled ones not yet let go included. */
  get length (): number {
    return this.#entries.length - this.#head
  }

  add (call: () => void): Due {
    // calls are mostly cancelled in the order they were added: those at the head go before the queue grows
    while (this.#head < this.#entries.length && (this.#entries[this.#head] as Due).call === undefined) this.#head++
    this.#compact()
    const due: Due = { at: performance.now() + this.#ms, call }
    this.#entries.push(due)
    if (!this.#armed) this.#arm(this.#ms)
    return due
  }

  cancel (due: Due): void {
    due.call = undefined
  }

  // armed stays set while the calls run: one that adds to this queue must not arm a second timer beside the re-arm
  readonly #fire = (): void => {
    const now = performance.now()
    try {
      // due within the timers' resolution of a millisecond
      while (this.#head < this.#entries.length) {
        const due = this.#entries[this.#head] as Due
        if (due.call !== undefined && due.at - now >= 1) break
        this.#head++
        const { call } = due
        due.call = undefined
        call?.()
      }
    } finally {
      this.#compact()
      const next = this.#entries[this.#head]
      // from the time now, not the time the timer fired: the calls may have taken a while
      if (next === undefined) this.#armed = false
      else this.#arm(Math.max(1, Math.ceil(next.at - performance.now())))
    }
  }

  #arm (ms: number): void {
    this.#armed = true
    setTimeout(this.#fire, ms)
  }

  #compact (): void {
    if (this.#head === this.#entries.length) {
      this.#entries.length = 0
      this.#head = 0
    } else if (this.#head >= COMPACT_AT) {
      this.#entries = this.#entries.slice(this.#head)
      this.#head = 0
    }
  }
}
