import type { Attempt } from '../stores/attempt.js'
import type { DebitResult, Store } from '../stores/store.js'
import { viewerTag } from './viewer-tag.js'

const secondsKey = (viewer: string): string => `bal:${viewerTag(viewer)}`
const bytesKey = (viewer: string): string => `bytes:${viewerTag(viewer)}`
const chargeKey = (viewer: string, session: string): string => `chg:${viewerTag(viewer)}:${session}`

export interface Usage {
  /** Seconds of viewing left; may be negative after a media server reported more than was left. */
  seconds: number
  /** Bytes sent to the viewer so far. */
  bytes: number
}

/** Viewing time bought in seconds, and bytes used, per viewer: what pay-per-minute and Nimble's sync share. */
export class Balances {
  constructor (private readonly store: Store) {}

  async read (viewer: string): Promise<Usage> {
    const [seconds, bytes] = await Promise.all([this.store.get(secondsKey(viewer)), this.store.get(bytesKey(viewer))])
    return { seconds: Number(seconds ?? 0), bytes: Number(bytes ?? 0) }
  }

  /** Adds (or with a negative amount, takes) seconds; returns the new balance. */
  async topUp (viewer: string, seconds: number): Promise<number> {
    return await this.store.incrBy(secondsKey(viewer), seconds)
  }

  /**
   * Charges one window of a session: the first call for a session takes `windowSeconds`, and calls within
   * the next `windowSeconds` are free; then the next call charges the next window. Under an attempt, a
   * request answered without the charge (too late) no longer relies on it, and it is refunded once none does.
   */
  async chargeWindow (viewer: string, session: string, windowSeconds: number, attempt?: Attempt): Promise<DebitResult> {
    const [counter, marker] = [secondsKey(viewer), chargeKey(viewer, session)]
    const result = await this.store.debitOnce(counter, marker, windowSeconds, windowSeconds * 1000, attempt?.deadline)
    if (attempt !== undefined && result.status !== 'insufficient') {
      attempt.wrote(async () => await this.store.undoDebit(counter, marker, windowSeconds, attempt.deadline.requestId))
    }
    return result
  }

  /** Whether chargeWindow would succeed now, changing nothing (for dry runs). */
  async wouldCharge (viewer: string, session: string, windowSeconds: number): Promise<boolean> {
    const [charged, seconds] = await Promise.all([this.store.get(chargeKey(viewer, session)), this.store.get(secondsKey(viewer))])
    return charged !== null || Number(seconds ?? 0) >= windowSeconds
  }

  /** Seconds left in the window a session was last charged for (0 when none is running). */
  async windowLeft (viewer: string, session: string): Promise<number> {
    return Math.ceil((await this.store.ttl(chargeKey(viewer, session)) ?? 0) / 1000)
  }

  /** Records what a media server reported: seconds watched and bytes sent since its last report. */
  async record (viewer: string, seconds: number, bytes: number): Promise<Usage> {
    const [left, used] = await Promise.all([this.store.incrBy(secondsKey(viewer), -seconds), this.store.incrBy(bytesKey(viewer), bytes)])
    return { seconds: left, bytes: used }
  }

  async resetBytes (viewer: string): Promise<void> {
    await this.store.del(bytesKey(viewer))
  }
}
