import type { Attempt } from '../stores/attempt.js'
import type { Lease, LeaseResult, Store } from '../stores/store.js'
import { viewerTag } from './viewer-tag.js'

/** Sessions counted per viewer, or per viewer and stream (`app/stream`) when `stream` is given. */
const key = (viewer: string, stream?: string): string => stream === undefined ? `ses:${viewerTag(viewer)}` : `ses:${viewerTag(viewer)}:${stream}`
/** Of the viewer's slot, as its leases: the lease script reads it. */
const kickedKey = (viewer: string, session: string): string => `kick:${viewerTag(viewer)}:${session}`
/**
 * The viewers a session was admitted for. Media servers number sessions per stream (nginx-rtmp's clientid),
 * so per stream and session; tagged with both, so that on a Redis Cluster a popular stream's owners spread
 * over the nodes rather than all land on one. The stream is length-prefixed: either part may hold a ':'
 * (OME's session ids are address:port), and (`live/a`, `1:2`) must not name the owners of (`live/a:1`, `2`).
 */
export const ownersKey = (stream: string, session: string): string => `sesowners:{${stream.length}:${stream}:${session}}`

export interface AdmitOptions {
  /** Count the session among the viewer's sessions of this `app/stream` only. */
  stream?: string
  /**
   * The `app/stream` the session plays: the viewer is noted as its owner for as long as the lease lasts, so a
   * `*_done` hook that carries no viewer identity (an expired token, say) can still end it (see takeOwners).
   */
  playing?: string
  /** Under an attempt, a session admitted by a request answered without it (too late) gives its place back. */
  attempt?: Attempt
}

/**
 * Live viewing sessions as expiring leases: a session holds its place while it keeps re-authorizing within
 * its heartbeat, and gives it up when it ends (a `*_done` hook), is kicked, or falls silent.
 */
export class Sessions {
  constructor (private readonly store: Store) {}

  /**
   * Admits or renews a session unless `limit` others are live or it was kicked (`banned`: then any place it
   * holds is given up too). One store call: the kick check, the lease and the owner's note are one script.
   */
  async admit (viewer: string, session: string, limit: number, heartbeatMs: number, { stream, playing, attempt }: AdmitOptions = {}): Promise<LeaseResult> {
    const leases = key(viewer, stream)
    const lease = await this.store.acquireLease(leases, session, limit, heartbeatMs, attempt?.deadline, {
      bannedBy: kickedKey(viewer, session),
      note: playing === undefined ? undefined : { key: ownersKey(playing, session), field: viewer }
    })
    const { expiresAt } = lease
    if (!lease.renewed && expiresAt !== undefined) attempt?.wrote(async () => await this.store.undoLease(leases, session, expiresAt))
    return lease
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
   * The viewers a session on `stream` was admitted for while their leases lasted, and forgets them. Usually
   * one; every viewer admitted with the session's id is kept, so none can take the record from another.
   */
  async takeOwners (stream: string, session: string): Promise<string[]> {
    const owners = Object.keys(await this.store.hgetall(ownersKey(stream, session)))
    if (owners.length > 0) await this.store.del(ownersKey(stream, session))
    return owners
  }

  /** `viewer`'s session is over: it is no longer among the session's owners (the others stay). */
  async forgetOwner (stream: string, session: string, viewer: string): Promise<void> {
    await this.store.hdel(ownersKey(stream, session), viewer)
  }

  /** Ends a session that is over (a media server's `*_done` hook); false when it was not live. */
  async end (viewer: string, session: string, stream?: string): Promise<boolean> {
    return await this.store.releaseLease(key(viewer, stream), session)
  }

  /**
   * Ends a session and refuses it for `banMs`, so a re-authorizing player cannot take its place back: both in
   * one step, so no renewal falls between them. The ban holds on every stream and is written whatever the
   * answer, which says only whether a place counted under `stream` (or per viewer) was ended at once.
   */
  async kick (viewer: string, session: string, banMs: number, stream?: string): Promise<boolean> {
    return await this.store.releaseLease(key(viewer, stream), session, { key: kickedKey(viewer, session), ttlMs: banMs })
  }

  /**
   * What an operator's "end this session" does: a kick when `banMs` is above 0, else an end. `found` says whether
   * there was anything to do: a kick always had (once its ban is written it refuses the session at its next
   * authorization on any stream, and so ends a place it holds under a key not named here, counted per stream), an end
   * only when it ended a place.
   */
  async stop (viewer: string, session: string, banMs: number, stream?: string): Promise<{ ended: boolean, found: boolean }> {
    const ended = banMs > 0 ? await this.kick(viewer, session, banMs, stream) : await this.end(viewer, session, stream)
    return { ended, found: ended || banMs > 0 }
  }
}
