import { randomUUID } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'

/** Under the store's keyPrefix; never expires. In a Cluster it lives on one shard and watches that one. */
export const MARKER_KEY = 'data-marker'

/**
 * Notices a Redis that lost its data. The first instance to find no marker writes one (a random id); every
 * instance remembers the id it saw. Finding none later, or another id (an instance that noticed first wrote
 * a new one), means the data this instance relied on is gone: restarted without persistence, flushed, or
 * failed over to an empty replica. A Redis that was already empty when the first instance started cannot be
 * told from a new one: the start-up persistence warning covers that.
 */
export class DataMarker {
  #seen: string | undefined
  /** One check at a time: two at once would both find the marker missing and report one loss twice. */
  #checking: Promise<void> | undefined

  constructor (private readonly onLost: () => void) {}

  async check (client: Redis | Cluster): Promise<void> {
    this.#checking ??= this.#check(client).finally(() => { this.#checking = undefined })
    await this.#checking
  }

  async #check (client: Redis | Cluster): Promise<void> {
    let current = await client.get(MARKER_KEY)
    if (current !== null && current === this.#seen) return
    if (current === null) {
      // NX: of instances noticing at once, one id wins and all of them adopt it
      await client.set(MARKER_KEY, randomUUID(), 'NX')
      current = await client.get(MARKER_KEY)
    }
    const lost = this.#seen !== undefined
    this.#seen = current ?? undefined
    if (lost) this.onLost()
  }
}
