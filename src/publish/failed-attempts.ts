import type { PublishConfig } from '../generated/config.js'
import type { Store } from '../stores/store.js'

const counter = (ip: string): string => `publish:failed:${ip}`

/** Counts wrong keys per address over a fixed window, so keys cannot be guessed by brute force. */
export class FailedAttempts {
  readonly #windowMs: number
  readonly #maxFailures: number

  constructor (private readonly store: Store, { maxFailures, windowSeconds }: PublishConfig['bruteForce']) {
    this.#maxFailures = maxFailures
    this.#windowMs = windowSeconds * 1000
  }

  async blocked (ip: string): Promise<boolean> {
    return Number(await this.store.get(counter(ip)) ?? 0) >= this.#maxFailures
  }

  async record (ip: string): Promise<void> {
    const failures = await this.store.incrBy(counter(ip), 1)
    // the ttl check also heals a counter whose expire was lost (a crash between the two calls)
    if (failures === 1 || await this.store.ttl(counter(ip)) === null) await this.store.expire(counter(ip), this.#windowMs)
  }
}
