import type { Attempt } from '../stores/attempt.js'
import type { Lease, LeaseResult, Store } from '../stores/store.js'

/** Sessions counted per viewer, or per viewer and stream (`app/stream`) when `stream` is given. */
const key = (viewer: string, stream?: string): string => stream === undefined ? `ses:{${viewer}}` : `ses:{${viewer}}:${stream}`
const kickedKey = (viewer: string, session: string): string => `kick:{${viewer}}:${session}`
/** Media servers number sessions per stream (nginx-rtmp's clientid): an owner is recorded per stream. */
const ownerKey = (stream: string, session: string): string => `sesowner:{${stream}}:${session}`

export type Admission = LeaseResult & { kicked: boolean }

/**
 * Live viewing sessions as expiring leases: a session holds its place while it keeps re-authorizing within
 * its heartbeat, and gives it up when it ends (a `*_done` hook), is kicked, or falls silent.
 */
export class Sessions {
  constructor (private readonly store: Store) {}

  /**
   * Admits or renews a session unless `limit` others are live or it was kicked. Under an attempt, a session
   * admitted by a request answered without it (too late) gives its place back.
   */
  async admit (viewer: string, session: string, limit: number, heartbeatMs: number, stream?: string, attempt?: Attempt): Promise<Admission> {
    const leases = key(viewer, stream)
    const [kicked, lease] = await Promise.all([
      this.store.get(kickedKey(viewer, session)),
      this.store.acquireLease(leases, session, limit, heartbeatMs, attempt?.deadline).then(lease => {
        const { expiresAt } = lease
        if (!lease.renewed && expiresAt !== undefined) attempt?.wrote(async () => await this.store.undoLease(leases, session, expiresAt))
        return lease
      })
    ])
    if (kicked === null) return { ...lease, kicked: false }
    if (lease.acquired) await this.store.releaseLease(leases, session)
    return { acquired: false, renewed: false, held: lease.acquired ? lease.held - 1 : lease.held, kicked: true }
  }

  /** Whether admit would let the session in, changing nothing (for dry runs). */
  async wouldAdmit (viewer: string, session: string, limit: number, stream?: string): Promise<boolean> {
    const [kicked, leases] = await Promise.all([this.store.get(kickedKey(viewer, session)), this.store.leases(key(viewer, stream))])
    return kicked === null && (leases.some(l => l.member === session) || leases.length < limit)
  }

  async list (viewer: string, stream?: string): Promise<Lease[]> {
    return await this.store.leases(key(viewer, stream))
  }

  /**
   * Remembers whose a session is, for as long as its lease lasts, so a `*_done` hook that carries no viewer
   * identity (an expired token, say) can still end it.
   */
  async recordOwner (stream: string, session: string, viewer: string, ttlMs: number): Promise<void> {
    await this.store.set(ownerKey(stream, session), viewer, { ttlMs })
  }

  /** The viewer a session was admitted for, and forgets it; undefined when unknown or expired. */
  async takeOwner (stream: string, session: string): Promise<string | undefined> {
    const viewer = await this.store.get(ownerKey(stream, session))
    if (viewer !== null) await this.store.del(ownerKey(stream, session))
    return viewer ?? undefined
  }

  /** Ends a session that is over (a media server's `*_done` hook); false when it was not live. */
  async end (viewer: string, session: string, stream?: string): Promise<boolean> {
    return await this.store.releaseLease(key(viewer, stream), session)
  }

  /** Ends a session and refuses it for `banMs`, so a re-authorizing player cannot take its place back. */
  async kick (viewer: string, session: string, banMs: number, stream?: string): Promise<boolean> {
    const [ended] = await Promise.all([
      this.end(viewer, session, stream),
      this.store.set(kickedKey(viewer, session), '1', { ttlMs: banMs })
    ])
    return ended
  }
}
