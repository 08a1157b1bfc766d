import type { DecisionFeed, DecisionRecord } from '../../core/decision-feed.js'

export type StampedDecision = DecisionRecord & { at: number }

export interface CountBucket {
  start: number
  counts: Array<{ outcome: string, reason: string, count: number }>
}

const BUCKET_MS = 10_000
const WINDOW_BUCKETS = 90
const BACKLOG = 200

interface Bucket { start: number, counts: Map<string, { outcome: string, reason: string, count: number }> }

/**
 * What the console shows of recent decisions: the last few (for a feed that opens with history), counts by
 * outcome and reason in 10-second buckets over the last 15 minutes, and live watchers. One feed subscription
 * while the console is on; the work per decision is a counter and an array slot.
 */
export class Activity {
  readonly bucketSeconds = BUCKET_MS / 1000
  readonly #recent: StampedDecision[] = []
  readonly #buckets: Bucket[] = []
  readonly #watchers = new Set<(decision: StampedDecision) => void>()
  readonly #unsubscribe: () => void

  constructor (feed: DecisionFeed, private readonly now: () => number = Date.now) {
    this.#unsubscribe = feed.subscribe(record => { this.#add(record) })
  }

  #add (record: DecisionRecord): void {
    const decision = { ...record, at: this.now() }
    if (this.#recent.push(decision) > BACKLOG) this.#recent.shift()
    this.#count(decision)
    for (const watcher of this.#watchers) watcher(decision)
  }

  #count ({ outcome, reason, at }: StampedDecision): void {
    const start = at - (at % BUCKET_MS)
    let bucket = this.#buckets.at(-1)
    if (bucket?.start !== start) {
      bucket = { start, counts: new Map() }
      this.#buckets.push(bucket)
      if (this.#buckets.length > WINDOW_BUCKETS) this.#buckets.shift()
    }
    const key = `${outcome}\0${reason}`
    const entry = bucket.counts.get(key)
    if (entry === undefined) bucket.counts.set(key, { outcome, reason, count: 1 })
    else entry.count++
  }

  recent (): readonly StampedDecision[] {
    return this.#recent
  }

  /** Buckets of the last 15 minutes that hold any decision, oldest first. */
  counts (): CountBucket[] {
    const since = this.now() - WINDOW_BUCKETS * BUCKET_MS
    return this.#buckets.filter(b => b.start > since).map(b => ({ start: b.start, counts: [...b.counts.values()].map(c => ({ ...c })) }))
  }

  watch (watcher: (decision: StampedDecision) => void): () => void {
    this.#watchers.add(watcher)
    return () => { this.#watchers.delete(watcher) }
  }

  close (): void {
    this.#unsubscribe()
    this.#watchers.clear()
  }
}
