import { errors } from '../errors.js'

/**
 * The state streamgate shares between requests and between instances. Keys are opaque strings; a Redis
 * store prefixes them with its `keyPrefix`. Operations that take several keys (`debitOnce`, `batch`, a lease's
 * ban) must be given keys of one Redis Cluster hash slot: put the same `{tag}` in each (`bal:{viewer}`,
 * `charged:{viewer}:s1`). A lease's note is the one key that may be of another slot (see LeaseOptions).
 *
 * Every method may reject (Redis down, command timeout); callers turn that into their configured failure outcome.
 */
export interface Store {
  readonly kind: 'memory' | 'redis'

  get (key: string): Promise<string | null>
  /** false when `ifAbsent` was asked and the key exists. */
  set (key: string, value: string, options?: SetOptions): Promise<boolean>
  /** Number of keys that existed. */
  del (...keys: string[]): Promise<number>
  /** Adds `amount` (may be negative) to an integer, creating it at 0; returns the new value. */
  incrBy (key: string, amount: number): Promise<number>
  /** Sets a time to live on an existing key; false when the key does not exist. */
  expire (key: string, ttlMs: number): Promise<boolean>
  /** Remaining time to live in ms; null for a missing key or one that never expires. */
  ttl (key: string): Promise<number | null>

  hget (key: string, field: string): Promise<string | null>
  /** Every field of a hash; {} when the key does not exist. */
  hgetall (key: string): Promise<Record<string, string>>
  hset (key: string, fields: Readonly<Record<string, string>>): Promise<void>
  /** Number of fields removed. */
  hdel (key: string, ...fields: string[]): Promise<number>
  /**
   * Removes each field that still holds the value given (compare and delete, all in one step); number of
   * fields removed. A field written again since it was read is kept.
   */
  hdelIfEqual (key: string, fields: Readonly<Record<string, string>>): Promise<number>
  /**
   * Sets a field holding an expiry to `expiry` unless it holds a later one, in one step: of parallel calls the
   * latest expiry stays, whatever their order. Expiries are epoch ms as text, '' for one that never comes (the
   * latest of all); a value that is neither counts as past. Returns the expiry the field holds after the call.
   */
  hsetLater (key: string, field: string, expiry: string): Promise<string>

  sadd (key: string, ...members: string[]): Promise<number>
  srem (key: string, ...members: string[]): Promise<number>
  smembers (key: string): Promise<string[]>

  /** Applies writes all at once (MULTI/EXEC on Redis): either all happen or none. */
  batch (ops: readonly WriteOp[]): Promise<void>

  /**
   * A bounded set of expiring leases under one key: holds or renews `member` for `ttlMs` unless `limit`
   * other live leases are held. Atomic across instances, so N parallel callers never exceed `limit`.
   * With a deadline, a call that reaches the store after it changes nothing and rejects with StoreLate.
   */
  acquireLease (key: string, member: string, limit: number, ttlMs: number, deadline?: WriteDeadline, options?: LeaseOptions): Promise<LeaseResult>
  /**
   * Undoes an acquireLease whose answer came too late to be used: ends the lease if it is still the one that
   * call took (same `expiresAt`; a later renewal keeps it). Safe to repeat.
   */
  undoLease (key: string, member: string, expiresAt: number): Promise<boolean>
  /**
   * Ends a lease early; false when it was not held. With `ban`, the same step sets `ban.key` (a key of the
   * lease key's slot) for `ban.ttlMs`: no call sees the lease ended and the ban not yet in place.
   */
  releaseLease (key: string, member: string, ban?: { key: string, ttlMs: number }): Promise<boolean>
  /** Live leases, soonest expiring first. */
  leases (key: string): Promise<Lease[]>

  /**
   * Takes `amount` from the integer at `counterKey` once per `markerKey`: a repeat while the marker lives
   * (it lives `markerTtlMs`) is free. Refuses, changing nothing, when the counter holds less than `amount`
   * (a missing counter holds 0). Atomic across instances: parallel retries charge exactly once.
   * With a deadline, a call that reaches the store after it changes nothing and rejects with StoreLate;
   * otherwise the marker records `deadline.requestId` as relying on the charge (charged or repeat).
   */
  debitOnce (counterKey: string, markerKey: string, amount: number, markerTtlMs: number, deadline?: WriteDeadline): Promise<DebitResult>
  /**
   * Undoes a debitOnce whose answer came too late to be used: `requestId` no longer relies on the charge, and
   * once no request does, `amount` goes back to the counter. Safe to repeat.
   */
  undoDebit (counterKey: string, markerKey: string, amount: number, requestId: string): Promise<boolean>

  /** Rejects when the store cannot be reached. */
  ping (): Promise<void>
  close (): Promise<void>
}

/** The latest moment a write may happen, and the request it is made for. */
export interface WriteDeadline {
  /** performance.now() on this host: a monotonic clock, which no NTP step or VM resume moves. */
  at: number
  /** Unique per request: names the request in the store, so its write can be undone. */
  readonly requestId: string
}

/** What a store reports besides answering calls: the store plugin turns these into metrics and log lines. */
export interface StoreEvents {
  /** Entries the memory store dropped, before they expired, to stay within `maxEntries`. */
  evicted?: (count: number) => void
  /** The store found that the data it held is gone (a Redis restarted empty or flushed). */
  dataLost?: () => void
}

export interface SetOptions {
  ttlMs?: number
  ifAbsent?: boolean
}

export type WriteOp =
  | { op: 'set', key: string, value: string, ttlMs?: number }
  | { op: 'del', key: string }
  | { op: 'hset', key: string, fields: Readonly<Record<string, string>> }
  | { op: 'hdel', key: string, fields: readonly string[] }
  | { op: 'sadd', key: string, members: readonly string[] }
  | { op: 'srem', key: string, members: readonly string[] }
  | { op: 'expire', key: string, ttlMs: number }

/** Most fields a lease's note hash keeps (see LeaseOptions.note). */
export const NOTES_KEPT = 16

/** What acquireLease does besides the lease, in the same step. */
export interface LeaseOptions {
  /**
   * A key of the lease key's slot that bans the member while it exists: the call is refused (`banned`), and a
   * lease the member holds ends with it.
   */
  bannedBy?: string
  /**
   * Notes `field` in the hash at `key` when the member holds its lease after the call, its value the time
   * the lease ends (epoch ms); the hash lives `ttlMs` from its latest note. Notes past their time are dropped
   * at the next note, and the hash keeps at most NOTES_KEPT: beyond, the soonest to end give way, so members
   * that choose their own fields cannot grow it without bound. The key may be of another slot: on a Redis Cluster the note is then written beside
   * the lease, in the same round trip, whatever the lease's outcome, so a note must be harmless for a member
   * that was refused. A refusal is the lease's answer alone; a member given its place waits for the note too,
   * and a failed note fails the call and gives the place back.
   */
  note?: { key: string, field: string }
}

/**
 * acquireLease's `limit` and `ttlMs`, checked before anything is written (a Redis script that fails on one,
 * PEXPIRE refusing a fraction, would fail after its first writes): positive integers both.
 */
export function assertLeaseArguments (limit: number, ttlMs: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new errors.StoreNotPositive('limit')
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new errors.StoreNotPositive('ttlMs')
}

/** hsetLater's `expiry`, '' or an integer: checked before the call, as a script could not compare another. */
export function assertExpiry (expiry: string): void {
  if (expiry !== '' && !Number.isSafeInteger(Number(expiry))) throw new errors.StoreNotInteger('expiry')
}

export interface LeaseResult {
  /** true when the member holds a lease now (newly or renewed). */
  acquired: boolean
  /** Whether the member already held one before this call. */
  renewed: boolean
  /** Live leases after this call, including the member's. */
  held: number
  /** When the member's lease ends (epoch ms); undefined when not acquired. */
  expiresAt?: number
  /** Refused because the `bannedBy` key exists; absent otherwise. */
  banned?: true
}

export interface Lease {
  member: string
  /** Epoch ms. */
  expiresAt: number
}

export interface DebitResult {
  /** charged: taken now; repeat: already taken for this marker; insufficient: refused, nothing taken. */
  status: 'charged' | 'repeat' | 'insufficient'
  /** The counter after this call. */
  balance: number
}
