import type { FastifyBaseLogger } from 'fastify'
import { Cluster, Redis, type RedisOptions, type Result } from 'ioredis'
import { errors } from '../errors.js'
import type { StoreConfig } from '../generated/store.js'
import { CommandWatch } from './command-watch.js'
import { FailoverWatch } from './failover-watch.js'
import * as lua from './lua.js'
import { DataMarker } from './redis-marker.js'
import { warnIfNotPersistent } from './redis-persistence.js'
import { assertExpiry, assertLeaseArguments, type DebitResult, type Lease, type LeaseOptions, type LeaseResult, type SetOptions, type Store, type StoreEvents, type WriteDeadline, type WriteOp } from './store.js'

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sgAcquireLease (numKeys: number, ...keysThenArgs: Array<string | number>): Result<[number, number, number, number, number], Context>
    sgNote (key: string, field: string, ttlMs: number): Result<number, Context>
    sgUndoLease (key: string, member: string, expiresAt: number): Result<number, Context>
    sgReleaseLease (numKeys: number, ...keysThenArgs: Array<string | number>): Result<number, Context>
    sgListLeases (key: string): Result<string[], Context>
    sgDebitOnce (counter: string, marker: string, amount: number, ttlMs: number, deadline: number, requestId: string): Result<[DebitResult['status'], number], Context>
    sgUndoDebit (counter: string, marker: string, amount: number, requestId: string): Result<number, Context>
    sgBatch (numKeys: number, ...keysThenOps: string[]): Result<number, Context>
    sgHdelIfEqual (key: string, ...fieldsThenValues: string[]): Result<number, Context>
    sgHsetLater (key: string, field: string, expiry: string): Result<string, Context>
  }
}

const MAX_RECONNECT_DELAY_MS = 1000

/** How often the Redis clock is read again while connected. */
const CLOCK_CHECK_MS = 30_000
/** A clock reading whose round trip took longer is not taken: its midpoint may be off by half of it. */
const CLOCK_MAX_ROUND_TRIP_MS = 50
/** A write refused as late has the clock read again, at most this often. */
const CLOCK_RECHECK_MS = 1000

/** Retry quickly: a Redis back after a restart is used again within a second. */
const reconnectDelay = (attempt: number): number => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS)

/** A master demoted by a failover refuses writes with READONLY: reconnect, and Sentinel names the new master. */
const reconnectOnReadOnly = (err: Error): 1 | false => err.message.startsWith('READONLY') ? 1 : false

/** The script refused to write past the caller's deadline. */
const isLate = (err: unknown): boolean => (err as Error | undefined)?.message.startsWith('LATE') === true

function connect (config: Readonly<StoreConfig>): Redis | Cluster {
  // no commandTimeout: a CommandWatch gives up commands that get no reply, without a timer per command
  const common: RedisOptions = {
    connectTimeout: config.connectTimeout,
    reconnectOnError: reconnectOnReadOnly,
    // fail at once while disconnected, and never replay a timed-out write later: the caller has already
    // answered with its failure outcome
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: reconnectDelay,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password })
  }
  if (config.cluster !== undefined) {
    return new Cluster(config.cluster.nodes, {
      keyPrefix: config.keyPrefix,
      enableOfflineQueue: false,
      enableAutoPipelining: config.autoPipelining,
      clusterRetryStrategy: reconnectDelay,
      redisOptions: common
    })
  }
  const options: RedisOptions = { ...common, keyPrefix: config.keyPrefix, enableAutoPipelining: config.autoPipelining }
  if (config.sentinels !== undefined) {
    // failoverDetector: follow +switch-master at once, rather than write to a master being demoted until it says READONLY
    return new Redis({ ...options, sentinels: config.sentinels.nodes, name: config.sentinels.name, sentinelRetryStrategy: reconnectDelay, failoverDetector: true })
  }
  if (config.url === undefined) throw new errors.OptionInvalid('store: a redis store needs url, sentinels or cluster')
  return new Redis(config.url, options)
}

/** Store on Redis (single node, Sentinel or Cluster) through ioredis; see lua.ts for the atomic operations. */
export class RedisStore implements Store {
  readonly kind = 'redis'
  readonly #client: Redis | Cluster
  readonly #commands: CommandWatch
  readonly #connectTimeoutMs: number
  #healthy = true
  readonly #failover: FailoverWatch | undefined
  /** Settles when the client is ready again, or fails to connect; shared by every caller waiting meanwhile. */
  #readyAgain: Promise<void> | undefined
  /**
   * The Redis clock (TIME, epoch ms) read at a moment of this host's monotonic clock: deadlines are checked by the
   * scripts on the Redis clock. Until first measured, the two hosts' clocks are taken to agree.
   */
  #clock = { redisMs: Date.now(), localMs: performance.now() }
  #measuredAt = -Infinity
  readonly #clockTimer: NodeJS.Timeout
  readonly #marker: DataMarker
  /** Set by close(): an end then is ours, not one to recover from. */
  #closed = false

  constructor (config: Readonly<StoreConfig>, log: FastifyBaseLogger, events: StoreEvents = {}) {
    this.#client = connect(config)
    this.#commands = new CommandWatch(this.#client, config.commandTimeout)
    this.#connectTimeoutMs = config.connectTimeout
    this.#failover = config.sentinels === undefined
      ? undefined
      : new FailoverWatch(config.sentinels.name, config.sentinels.nodes, config.connectTimeout, inProgress => {
        if (inProgress) log.warn('redis failover in progress: store calls refused until Sentinel names the new master')
        else log.info('redis failover over')
      })
    this.#marker = new DataMarker(() => events.dataLost?.())
    // at every (re)connection: is the data still there? (and at the first: is it kept on disk?)
    let first = true
    this.#client.on('ready', () => {
      if (first) warnIfNotPersistent(this.#client, log).catch((err: unknown) => { log.debug({ err: { message: (err as Error).message } }, 'persistence not checked') })
      first = false
      this.#marker.check(this.#client).catch((err: unknown) => { log.debug({ err: { message: (err as Error).message } }, 'data marker not checked') })
    })
    // ioredis reports every failed reconnect: log the change of state, not each attempt
    this.#client.on('error', (err: Error) => {
      if (!this.#healthy) return
      this.#healthy = false
      log.warn({ err: { message: err.message } }, 'redis unreachable; rules apply their onError outcome')
    })
    this.#client.on('ready', () => {
      this.#measureClock()
      if (this.#healthy) return
      this.#healthy = true
      log.info('redis reachable again')
    })
    // ioredis ends a Sentinel client for good when its failover detector hears +switch-master while the client
    // reconnects (its master crashed): nothing would ever connect it again, so the store does
    this.#client.on('end', () => {
      if (this.#closed) return
      setTimeout(() => { if (!this.#closed) this.#client.connect().catch(() => { /* ended again: this runs again */ }) }, MAX_RECONNECT_DELAY_MS).unref()
    })
    this.#client.defineCommand('sgAcquireLease', { lua: lua.acquireLease })
    this.#client.defineCommand('sgNote', { numberOfKeys: 1, lua: lua.note })
    this.#client.defineCommand('sgUndoLease', { numberOfKeys: 1, lua: lua.undoLease })
    this.#client.defineCommand('sgReleaseLease', { lua: lua.releaseLease })
    this.#client.defineCommand('sgListLeases', { numberOfKeys: 1, lua: lua.listLeases, readOnly: true })
    this.#client.defineCommand('sgDebitOnce', { numberOfKeys: 2, lua: lua.debitOnce })
    this.#client.defineCommand('sgUndoDebit', { numberOfKeys: 2, lua: lua.undoDebit })
    this.#client.defineCommand('sgBatch', { lua: lua.batch })
    this.#client.defineCommand('sgHdelIfEqual', { numberOfKeys: 1, lua: lua.hdelIfEqual })
    this.#client.defineCommand('sgHsetLater', { numberOfKeys: 1, lua: lua.hsetLater })
    // Redis's host may step its clock (NTP, a VM resumed): measured again now and then, not only at each connection
    this.#clockTimer = setInterval(() => { if (this.#client.status === 'ready') this.#measureClock() }, CLOCK_CHECK_MS).unref()
  }

  #measureClock (tries = 3): void {
    const sentAt = performance.now()
    this.#measuredAt = sentAt
    this.#client.time().then(([seconds, micros]) => {
      const receivedAt = performance.now()
      // a reply read late (a busy event loop, a queue in Redis) would move every deadline by half the wait
      if (receivedAt - sentAt > CLOCK_MAX_ROUND_TRIP_MS) {
        if (tries > 1) this.#measureClock(tries - 1)
        return
      }
      this.#clock = { redisMs: Number(seconds) * 1000 + Math.floor(Number(micros) / 1000), localMs: (sentAt + receivedAt) / 2 }
    }, () => { /* measured again at the next check or connection; until then the last reading holds */ })
  }

  /**
   * A script's refusal to write past its deadline, as the error every store gives for it; the clock is read again
   * (this host may have been suspended, which the monotonic clock does not count).
   */
  async #late<T> (reply: Promise<T>): Promise<T> {
    try {
      return await reply
    } catch (err) {
      if (!isLate(err)) throw err
      if (Math.abs(performance.now() - this.#measuredAt) > CLOCK_RECHECK_MS) this.#measureClock()
      throw new errors.StoreLate()
    }
  }

  /** A deadline on the Redis clock, as the scripts read it; 0 for none. */
  #onRedisClock (deadline: WriteDeadline | undefined): number {
    return deadline === undefined ? 0 : Math.floor(this.#clock.redisMs + deadline.at - this.#clock.localMs)
  }

  /** The client when it takes commands now: ready and not failing over (else #whenReady waits, or says why not). */
  #readyNow (): Redis | Cluster | undefined {
    return this.#client.status === 'ready' && this.#failover?.inProgress !== true && !this.#closed ? this.#client : undefined
  }

  /**
   * The client once it is ready. Unreachable and late are told apart: once a connection attempt has failed,
   * every call fails at once until Redis is back (the connection state is known, waiting would only hold
   * viewers up); while the client connects for the first time or follows a failover to a new master, a
   * caller waits for it up to its own deadline, or without one (the CLI, the admin API) up to connectTimeout.
   */
  async #whenReady (deadline?: WriteDeadline): Promise<Redis | Cluster> {
    // closed is closed, whatever state the client is still passing through on its way to the end
    if (this.#closed) throw new errors.StoreUnavailable('closed')
    if (this.#client.status === 'end') throw new errors.StoreUnavailable('redis reconnecting')
    if (this.#failover?.inProgress === true) throw new errors.StoreUnavailable('redis failover in progress')
    if (this.#client.status === 'ready') return this.#client
    if (!this.#healthy) throw new errors.StoreUnavailable(`redis ${this.#client.status}`)
    this.#readyAgain ??= new Promise<void>((resolve, reject) => {
      const settle = (err?: Error): void => {
        // a server that took the connection but was slow to answer its ready check is late, not down:
        // ioredis connects again by itself, and the caller goes on waiting up to its deadline
        if (err !== undefined && this.#client.status === 'connect') return
        this.#client.off('ready', settle)
        this.#client.off('error', settle)
        this.#readyAgain = undefined
        if (err === undefined) resolve()
        else reject(new errors.StoreUnavailable('redis unreachable'))
      }
      this.#client.on('ready', settle)
      this.#client.on('error', settle)
    })
    const waitMs = deadline === undefined ? this.#connectTimeoutMs : deadline.at - performance.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => { reject(new errors.StoreUnavailable(`redis ${this.#client.status}`)) }, Math.max(waitMs, 0))
    })
    try {
      await Promise.race([this.#readyAgain, timeout])
    } finally {
      clearTimeout(timer)
    }
    return this.#client
  }

  get (key: string): Promise<string | null> {
    return this.#read(redis => redis.get(key))
  }

  /**
   * The reads rules make on every decision go straight to a ready client, without waiting on #whenReady and
   * without an async step of their own: each was a promise more per decision.
   */
  #read<T> (command: (redis: Redis | Cluster) => Promise<T>): Promise<T> {
    const ready = this.#readyNow()
    if (ready === undefined) return this.#whenReady().then(command)
    try {
      return command(ready)
    } catch (err: unknown) {
      // ioredis can throw before it sends (a Cluster slot no node covers): a Store method rejects
      const failure = err as Error
      return Promise.reject(failure)
    }
  }

  async set (key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    const { ttlMs, ifAbsent = false } = options
    const redis = await this.#whenReady()
    const reply = ttlMs === undefined
      ? (ifAbsent ? await redis.set(key, value, 'NX') : await redis.set(key, value))
      : (ifAbsent ? await redis.set(key, value, 'PX', ttlMs, 'NX') : await redis.set(key, value, 'PX', ttlMs))
    return reply === 'OK'
  }

  async del (...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0
    const redis = await this.#whenReady()
    // one DEL per key: keys of different Cluster slots cannot share a command
    const removed = await Promise.all(keys.map(async key => await redis.del(key)))
    return removed.reduce((a, b) => a + b, 0)
  }

  async incrBy (key: string, amount: number): Promise<number> {
    if (!Number.isSafeInteger(amount)) throw new errors.StoreNotInteger('amount')
    const redis = await this.#whenReady()
    return await redis.incrby(key, amount)
  }

  async expire (key: string, ttlMs: number): Promise<boolean> {
    const redis = await this.#whenReady()
    return await redis.pexpire(key, ttlMs) === 1
  }

  async ttl (key: string): Promise<number | null> {
    const redis = await this.#whenReady()
    const ms = await redis.pttl(key)
    return ms < 0 ? null : ms
  }

  hget (key: string, field: string): Promise<string | null> {
    return this.#read(redis => redis.hget(key, field))
  }

  hgetall (key: string): Promise<Record<string, string>> {
    return this.#read(redis => redis.hgetall(key))
  }

  async hset (key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    if (Object.keys(fields).length === 0) return
    const redis = await this.#whenReady()
    await redis.hset(key, fields)
  }

  async hdel (key: string, ...fields: string[]): Promise<number> {
    if (fields.length === 0) return 0
    const redis = await this.#whenReady()
    return await redis.hdel(key, ...fields)
  }

  async hdelIfEqual (key: string, fields: Readonly<Record<string, string>>): Promise<number> {
    const pairs = Object.entries(fields).flat()
    if (pairs.length === 0) return 0
    const redis = await this.#whenReady()
    return await redis.sgHdelIfEqual(key, ...pairs)
  }

  async hsetLater (key: string, field: string, expiry: string): Promise<string> {
    assertExpiry(expiry)
    const redis = await this.#whenReady()
    return await redis.sgHsetLater(key, field, expiry)
  }

  async sadd (key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0
    const redis = await this.#whenReady()
    return await redis.sadd(key, ...members)
  }

  async srem (key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0
    const redis = await this.#whenReady()
    return await redis.srem(key, ...members)
  }

  async smembers (key: string): Promise<string[]> {
    const redis = await this.#whenReady()
    return await redis.smembers(key)
  }

  async batch (ops: readonly WriteOp[]): Promise<void> {
    if (ops.length === 0) return
    const redis = await this.#whenReady()
    await redis.sgBatch(ops.length, ...ops.map(op => op.key), JSON.stringify(ops))
  }

  /**
   * One script, one round trip. On a Cluster the note's key is of another slot (another node, as likely as
   * not): it is written by a script of its own, sent with the lease's, whatever the lease's outcome. A
   * refusal does not wait for it: a node that does not answer the note must not turn a refusal into onError.
   */
  async acquireLease (key: string, member: string, limit: number, ttlMs: number, deadline?: WriteDeadline, options: LeaseOptions = {}): Promise<LeaseResult> {
    const { bannedBy, note } = options
    assertLeaseArguments(limit, ttlMs)
    const redis = await this.#whenReady(deadline)
    const apart = note !== undefined && redis instanceof Cluster
    const keys = [key, ...(bannedBy === undefined ? [] : [bannedBy]), ...(note === undefined || apart ? [] : [note.key])]
    const args = [member, limit, ttlMs, this.#onRedisClock(deadline), bannedBy === undefined ? '' : '1', note === undefined || apart ? '' : note.field]
    // both sent at once (one round trip); a refusal is the lease's answer alone: the note matters only for a place taken
    const noting = apart ? redis.sgNote(note.key, note.field, ttlMs) : undefined
    noting?.catch(() => undefined)
    const [acquired, renewed, held, expiresAt, banned] = await this.#late(redis.sgAcquireLease(keys.length, ...keys, ...args))
    if (banned === 1) return { acquired: false, renewed: false, held, banned: true }
    if (acquired === 1 && noting !== undefined) {
      try {
        await noting
      } catch (err) {
        // the place this call took goes back (if this fails too, it ends with its lease's ttlMs)
        if (renewed === 0) await this.undoLease(key, member, expiresAt).catch(() => false)
        throw err
      }
    }
    return acquired === 1 ? { acquired: true, renewed: renewed === 1, held, expiresAt } : { acquired: false, renewed: false, held }
  }

  async undoLease (key: string, member: string, expiresAt: number): Promise<boolean> {
    const redis = await this.#whenReady()
    return await redis.sgUndoLease(key, member, expiresAt) === 1
  }

  async releaseLease (key: string, member: string, ban?: { key: string, ttlMs: number }): Promise<boolean> {
    const redis = await this.#whenReady()
    const released = ban === undefined ? redis.sgReleaseLease(1, key, member) : redis.sgReleaseLease(2, key, ban.key, member, ban.ttlMs)
    return await released === 1
  }

  async leases (key: string): Promise<Lease[]> {
    const redis = await this.#whenReady()
    const flat = await redis.sgListLeases(key)
    const leases: Lease[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) leases.push({ member: flat[i] as string, expiresAt: Number(flat[i + 1]) })
    return leases
  }

  async debitOnce (counterKey: string, markerKey: string, amount: number, markerTtlMs: number, deadline?: WriteDeadline): Promise<DebitResult> {
    if (!Number.isSafeInteger(amount)) throw new errors.StoreNotInteger('amount')
    const redis = await this.#whenReady(deadline)
    const [status, balance] = await this.#late(redis.sgDebitOnce(counterKey, markerKey, amount, markerTtlMs, this.#onRedisClock(deadline), deadline?.requestId ?? ''))
    return { status, balance }
  }

  async undoDebit (counterKey: string, markerKey: string, amount: number, requestId: string): Promise<boolean> {
    const redis = await this.#whenReady()
    return await redis.sgUndoDebit(counterKey, markerKey, amount, requestId) === 1
  }

  /** Also checks that the data is still there (see DataMarker). */
  async ping (): Promise<void> {
    const redis = await this.#whenReady()
    await redis.ping()
    await this.#marker.check(redis)
  }

  async close (): Promise<void> {
    this.#closed = true
    clearInterval(this.#clockTimer)
    this.#failover?.close()
    try {
      // a frozen Redis never answers QUIT: the watch gives it up after commandTimeout, as it does the calls in flight
      await this.#client.quit()
    } catch {
      // closed already, or unreachable: nothing to wait for
    } finally {
      // QUIT leaves ioredis' Sentinel failover detector subscribed (and reconnecting once Sentinel is gone)
      this.#client.disconnect()
      this.#commands.close()
    }
  }
}
