import { isIPv6 } from 'node:net'
import type { StreamKeyOptions } from '../generated/rules/stream-key.js'
import { ipPrefix } from '../core/address.js'
import type { Store } from '../stores/store.js'

/** An IPv6 host gets a /64 to pick addresses from: it is counted as that network, or it could guess without end. */
const counter = (ip: string): string => `publish:failed:${isIPv6(ip) ? ipPrefix(ip, 64) : ip}`

/**
 * Counts wrong keys per address over a fixed window, so keys cannot be guessed by brute force. A key is counted
 * before it is checked and forgiven when it was right: guesses that arrive together (a Nimble batch, concurrent
 * hooks) cannot all pass a check made before any of them was counted.
 */
export class FailedAttempts {
  readonly #windowMs: number
  readonly #maxFailures: number

  constructor (private readonly store: Store, { maxFailures, windowSeconds }: StreamKeyOptions['bruteForce']) {
    this.#maxFailures = maxFailures
    this.#windowMs = windowSeconds * 1000
  }

  async blocked (ip: string): Promise<boolean> {
    return Number(await this.store.get(counter(ip)) ?? 0) >= this.#maxFailures
  }

  /** Counts a key about to be checked; false when the address has no attempts left. */
  async attempt (ip: string): Promise<boolean> {
    const failures = await this.store.incrBy(counter(ip), 1)
    try {
      // the ttl check also heals a counter whose expire was lost (a crash between the two calls)
      if (failures === 1 || await this.store.ttl(counter(ip)) === null) await this.store.expire(counter(ip), this.#windowMs)
    } catch (err) {
      // counted, then the store failed: the key was never checked
      await this.forgive(ip).catch(() => { /* the next attempt's ttl check gives it its window */ })
      throw err
    }
    return failures <= this.#maxFailures
  }

  /** Takes back the attempt of a key that was right. */
  async forgive (ip: string): Promise<void> {
    await this.store.incrBy(counter(ip), -1)
  }
}
