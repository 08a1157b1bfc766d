import { errors } from '../errors.js'
import { assertExpiry, assertLeaseArguments, NOTES_KEPT, type DebitResult, type Lease, type LeaseOptions, type LeaseResult, type SetOptions, type Store, type StoreEvents, type WriteDeadline, type WriteOp } from './store.js'

type Value =
  | { type: 'string', value: string }
  | { type: 'hash', value: Map<string, string> }
  | { type: 'set', value: Set<string> }
  | { type: 'leases', value: Map<string, number> }

type Entry = Value & { expiresAt?: number }

/** As lua.ts's scripts do; a call runs in the turn it starts in, so only a deadline already past refuses. */
function refusePast (deadline: WriteDeadline | undefined): void {
  if (deadline !== undefined && performance.now() > deadline.at) throw new errors.StoreLate()
}

const SWEEP_INTERVAL_MS = 60_000

export interface MemoryStoreOptions {
  /** Most entries (keys) kept; see the class comment for what gives way. */
  maxEntries?: number
  events?: StoreEvents
}

function assertInteger (value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new errors.StoreNotInteger(what)
}

/**
 * The embedded store: state lives in this process only, so it suits one instance (and `npm start`
 * without Redis). Expired keys are dropped when touched and by a periodic sweep.
 *
 * Bounded by `maxEntries`, as Redis' `volatile-lru`: to make room for a new key it evicts an entry that
 * would expire anyway (sessions, charge markers, bans, failure counters), the one written longest ago
 * first, and reports it. Entries without an expiry (balances, entitlements, stream keys) are never evicted:
 * when only they are left, a write of a new key fails (StoreFull) and the rule gives its onError outcome.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory'
  readonly #entries = new Map<string, Entry>()
  /** The keys that expire, in the order their expiry was last written: eviction takes the first. */
  readonly #expiring = new Set<string>()
  #evictionCursor = this.#expiring.values()
  readonly #maxEntries: number
  readonly #events: StoreEvents
  readonly #sweeper: NodeJS.Timeout

  constructor ({ maxEntries = Number.MAX_SAFE_INTEGER, events = {} }: MemoryStoreOptions = {}) {
    this.#maxEntries = maxEntries
    this.#events = events
    this.#sweeper = setInterval(() => { this.#sweep() }, SWEEP_INTERVAL_MS).unref()
  }

  #sweep (): void {
    const now = Date.now()
    for (const key of this.#expiring) {
      const expiresAt = this.#entries.get(key)?.expiresAt
      if (expiresAt === undefined || expiresAt <= now) this.#drop(key)
    }
  }

  /** Stores an entry; a new key must have been given room first (#makeRoom). */
  #put (key: string, entry: Entry): void {
    this.#entries.set(key, entry)
    this.#expiring.delete(key)
    if (entry.expiresAt !== undefined) this.#expiring.add(key)
  }

  #drop (key: string): boolean {
    this.#expiring.delete(key)
    return this.#entries.delete(key)
  }

  /** Evicts expiring entries until `keys` fit in; throws, changing nothing, when they cannot. */
  #makeRoom (keys: readonly string[]): void {
    if (this.#entries.size + keys.length <= this.#maxEntries) return
    let needed = 0
    for (const key of new Set(keys)) if (!this.#entries.has(key)) needed++
    const excess = this.#entries.size + needed - this.#maxEntries
    if (excess <= 0) return
    if (excess > this.#expiring.size) throw new errors.StoreFull(this.#entries.size)
    const now = Date.now()
    let evicted = 0
    while (this.#entries.size + needed > this.#maxEntries) {
      const key = this.#oldestExpiring()
      if ((this.#entries.get(key)?.expiresAt ?? now) > now) evicted++
      this.#drop(key)
    }
    if (evicted > 0) this.#events.evicted?.(evicted)
  }

  /**
   * The first key of #expiring. One iterator is kept across calls: a fresh one would step over every slot
   * deleted from the front since the set was last compacted, making eviction slower the longer it runs.
   */
  #oldestExpiring (): string {
    let next = this.#evictionCursor.next()
    if (next.done === true) {
      this.#evictionCursor = this.#expiring.values()
      next = this.#evictionCursor.next()
    }
    return next.value as string
  }

  #live (key: string): Entry | undefined {
    const entry = this.#entries.get(key)
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.#drop(key)
      return undefined
    }
    return entry
  }

  #typed<T extends Value['type']> (key: string, type: T): Extract<Entry, { type: T }> | undefined {
    const entry = this.#live(key)
    if (entry === undefined) return undefined
    if (entry.type !== type) throw new errors.StoreWrongType(key)
    return entry as Extract<Entry, { type: T }>
  }

  #hash (key: string): Map<string, string> {
    const entry = this.#typed(key, 'hash')
    if (entry !== undefined) return entry.value
    this.#makeRoom([key])
    const value = new Map<string, string>()
    this.#put(key, { type: 'hash', value })
    return value
  }

  #set (key: string): Set<string> {
    const entry = this.#typed(key, 'set')
    if (entry !== undefined) return entry.value
    this.#makeRoom([key])
    const value = new Set<string>()
    this.#put(key, { type: 'set', value })
    return value
  }

  /** Drops a hash or set left empty, as Redis does. */
  #dropIfEmpty (key: string, collection: { size: number }): void {
    if (collection.size === 0) this.#drop(key)
  }

  #setString (key: string, value: string, ttlMs?: number): void {
    this.#makeRoom([key])
    this.#put(key, { type: 'string', value, ...(ttlMs === undefined ? {} : { expiresAt: Date.now() + ttlMs }) })
  }

  #expire (key: string, ttlMs: number): boolean {
    const entry = this.#live(key)
    if (entry === undefined) return false
    entry.expiresAt = Date.now() + ttlMs
    this.#put(key, entry)
    return true
  }

  #liveLeases (key: string): Map<string, number> | undefined {
    const entry = this.#typed(key, 'leases')
    if (entry === undefined) return undefined
    const now = Date.now()
    for (const [member, expiresAt] of entry.value) if (expiresAt <= now) entry.value.delete(member)
    return entry.value
  }

  #integer (key: string): number {
    const value = Number(this.#typed(key, 'string')?.value ?? 0)
    if (!Number.isSafeInteger(value)) throw new errors.StoreNotInteger(`the value at ${key}`)
    return value
  }

  #incrBy (key: string, amount: number): number {
    assertInteger(amount, 'amount')
    const next = this.#integer(key) + amount
    const entry = this.#typed(key, 'string')
    if (entry === undefined) this.#setString(key, String(next))
    else entry.value = String(next)
    return next
  }

  #apply (op: WriteOp): void {
    switch (op.op) {
      case 'set': this.#setString(op.key, op.value, op.ttlMs); break
      case 'del': this.#drop(op.key); break
      case 'hset': { const h = this.#hash(op.key); for (const [f, v] of Object.entries(op.fields)) h.set(f, v); break }
      case 'hdel': { const h = this.#typed(op.key, 'hash'); if (h !== undefined) { for (const f of op.fields) h.value.delete(f); this.#dropIfEmpty(op.key, h.value) } break }
      case 'sadd': { const s = this.#set(op.key); for (const m of op.members) s.add(m); break }
      case 'srem': { const s = this.#typed(op.key, 'set'); if (s !== undefined) { for (const m of op.members) s.value.delete(m); this.#dropIfEmpty(op.key, s.value) } break }
      case 'expire': this.#expire(op.key, op.ttlMs); break
    }
  }

  async get (key: string): Promise<string | null> {
    return this.#typed(key, 'string')?.value ?? null
  }

  async set (key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    if (options.ifAbsent === true && this.#live(key) !== undefined) return false
    this.#setString(key, value, options.ttlMs)
    return true
  }

  async del (...keys: string[]): Promise<number> {
    let removed = 0
    for (const key of keys) if (this.#live(key) !== undefined && this.#drop(key)) removed++
    return removed
  }

  async incrBy (key: string, amount: number): Promise<number> {
    return this.#incrBy(key, amount)
  }

  async expire (key: string, ttlMs: number): Promise<boolean> {
    return this.#expire(key, ttlMs)
  }

  async ttl (key: string): Promise<number | null> {
    const expiresAt = this.#live(key)?.expiresAt
    return expiresAt === undefined ? null : Math.max(0, expiresAt - Date.now())
  }

  async hget (key: string, field: string): Promise<string | null> {
    return this.#typed(key, 'hash')?.value.get(field) ?? null
  }

  async hgetall (key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.#typed(key, 'hash')?.value ?? [])
  }

  async hset (key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    this.#apply({ op: 'hset', key, fields })
  }

  async hdel (key: string, ...fields: string[]): Promise<number> {
    const hash = this.#typed(key, 'hash')
    if (hash === undefined) return 0
    const removed = fields.filter(f => hash.value.delete(f)).length
    this.#dropIfEmpty(key, hash.value)
    return removed
  }

  async hdelIfEqual (key: string, fields: Readonly<Record<string, string>>): Promise<number> {
    const hash = this.#typed(key, 'hash')
    if (hash === undefined) return 0
    const removed = Object.entries(fields).filter(([f, v]) => hash.value.get(f) === v && hash.value.delete(f)).length
    this.#dropIfEmpty(key, hash.value)
    return removed
  }

  // as lua.ts's hsetLater: a held '' never ends, a held value that is not a number is past
  async hsetLater (key: string, field: string, expiry: string): Promise<string> {
    assertExpiry(expiry)
    const held = this.#typed(key, 'hash')?.value.get(field)
    const heldAt = Number(held)
    if (held === '' || (held !== undefined && expiry !== '' && Number.isFinite(heldAt) && heldAt >= Number(expiry))) return held
    this.#hash(key).set(field, expiry)
    return expiry
  }

  async sadd (key: string, ...members: string[]): Promise<number> {
    const set = this.#set(key)
    const before = set.size
    for (const m of members) set.add(m)
    return set.size - before
  }

  async srem (key: string, ...members: string[]): Promise<number> {
    const set = this.#typed(key, 'set')
    if (set === undefined) return 0
    const removed = members.filter(m => set.value.delete(m)).length
    this.#dropIfEmpty(key, set.value)
    return removed
  }

  async smembers (key: string): Promise<string[]> {
    return [...this.#typed(key, 'set')?.value ?? []]
  }

  async batch (ops: readonly WriteOp[]): Promise<void> {
    // type errors surface before anything is written, as Redis refuses a MULTI whose commands it cannot queue
    for (const op of ops) {
      if (op.op === 'hset' || op.op === 'hdel') this.#typed(op.key, 'hash')
      if (op.op === 'sadd' || op.op === 'srem') this.#typed(op.key, 'set')
    }
    this.#makeRoom(ops.filter(op => op.op === 'set' || op.op === 'hset' || op.op === 'sadd').map(op => op.key))
    for (const op of ops) this.#apply(op)
  }

  // no await inside: the ban, the lease and the note in one turn of the event loop, as lua.ts's acquireLease
  async acquireLease (key: string, member: string, limit: number, ttlMs: number, deadline?: WriteDeadline, options: LeaseOptions = {}): Promise<LeaseResult> {
    const { bannedBy, note } = options
    assertLeaseArguments(limit, ttlMs)
    refusePast(deadline)
    if (note !== undefined) this.#typed(note.key, 'hash')
    const leases = this.#liveLeases(key) ?? new Map<string, number>()
    if (bannedBy !== undefined && this.#live(bannedBy) !== undefined) {
      if (leases.delete(member)) this.#dropIfEmpty(key, leases)
      return { acquired: false, renewed: false, held: leases.size, banned: true }
    }
    const renewed = leases.has(member)
    if (!renewed && leases.size >= limit) return { acquired: false, renewed, held: leases.size }
    this.#makeRoom(note === undefined ? [key] : [key, note.key])
    const expiresAt = Date.now() + ttlMs
    leases.set(member, expiresAt)
    this.#put(key, { type: 'leases', value: leases, expiresAt: Math.max(...leases.values()) })
    if (note !== undefined) this.#note(note.key, note.field, expiresAt)
    return { acquired: true, renewed, held: leases.size, expiresAt }
  }

  /** As lua.ts's note: past notes dropped, at most NOTES_KEPT, the hash living until its latest note's `until`. */
  #note (key: string, field: string, until: number): void {
    const now = Date.now()
    const entry = this.#typed(key, 'hash')
    const others = [...entry?.value ?? []]
      .filter(([other, at]) => other !== field && Number(at) > now)
      .sort(([, a], [, b]) => Number(a) - Number(b))
    const notes = new Map([...others.slice(Math.max(others.length - (NOTES_KEPT - 1), 0)), [field, String(until)]])
    this.#put(key, { type: 'hash', value: notes, expiresAt: Math.max(entry?.expiresAt ?? 0, until) })
  }

  async undoLease (key: string, member: string, expiresAt: number): Promise<boolean> {
    return this.#liveLeases(key)?.get(member) === expiresAt && await this.releaseLease(key, member)
  }

  async releaseLease (key: string, member: string, ban?: { key: string, ttlMs: number }): Promise<boolean> {
    const leases = this.#liveLeases(key)
    if (ban !== undefined) this.#setString(ban.key, '1', ban.ttlMs)
    if (leases?.delete(member) !== true) return false
    this.#dropIfEmpty(key, leases)
    return true
  }

  async leases (key: string): Promise<Lease[]> {
    return [...this.#liveLeases(key) ?? []]
      .map(([member, expiresAt]) => ({ member, expiresAt }))
      .sort((a, b) => a.expiresAt - b.expiresAt)
  }

  // no await inside: the check and the charge happen in one turn of the event loop, as one Redis script would
  // the marker holds the requests relying on the charge, as lua.ts's debitOnce keeps it
  async debitOnce (counterKey: string, markerKey: string, amount: number, markerTtlMs: number, deadline?: WriteDeadline): Promise<DebitResult> {
    assertInteger(amount, 'amount')
    refusePast(deadline)
    const balance = this.#integer(counterKey)
    const relying = deadline?.requestId ?? '*'
    const marker = this.#live(markerKey)
    if (marker !== undefined) {
      if (marker.type === 'hash') marker.value.set(relying, '1')
      return { status: 'repeat', balance }
    }
    if (balance < amount) return { status: 'insufficient', balance }
    this.#makeRoom([counterKey, markerKey])
    const left = this.#incrBy(counterKey, -amount)
    this.#put(markerKey, { type: 'hash', value: new Map([[relying, '1']]), expiresAt: Date.now() + markerTtlMs })
    return { status: 'charged', balance: left }
  }

  async undoDebit (counterKey: string, markerKey: string, amount: number, requestId: string): Promise<boolean> {
    const marker = this.#live(markerKey)
    if (marker?.type !== 'hash' || !marker.value.delete(requestId)) return false
    this.#dropIfEmpty(markerKey, marker.value)
    if (marker.value.size > 0) return false
    this.#incrBy(counterKey, amount)
    return true
  }

  async ping (): Promise<void> {}

  async close (): Promise<void> {
    clearInterval(this.#sweeper)
    this.#entries.clear()
    this.#expiring.clear()
  }
}
