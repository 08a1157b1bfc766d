import type { FastifyBaseLogger } from 'fastify'
import { Cluster, Redis, type RedisOptions, type Result } from 'ioredis'
import { errors } from '../errors.js'
import type { StoreConfig } from '../generated/store.js'
import * as lua from './lua.js'
import { DataMarker } from './redis-marker.js'
import { warnIfNotPersistent } from './redis-persistence.js'
import type { DebitResult, Lease, LeaseResult, SetOptions, Store, StoreEvents, WriteOp } from './store.js'

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sgAcquireLease (key: string, member: string, limit: number, ttlMs: number): Result<[number, number, number], Context>
    sgReleaseLease (key: string, member: string): Result<number, Context>
    sgListLeases (key: string): Result<string[], Context>
    sgDebitOnce (counter: string, marker: string, amount: number, ttlMs: number): Result<[DebitResult['status'], number], Context>
    sgBatch (numKeys: number, ...keysThenOps: string[]): Result<number, Context>
  }
}

const MAX_RECONNECT_DELAY_MS = 1000

/** Retry quickly: a Redis back after a restart is used again within a second. */
const reconnectDelay = (attempt: number): number => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS)

function connect (config: Readonly<StoreConfig>): Redis | Cluster {
  const common: RedisOptions = {
    commandTimeout: config.commandTimeout,
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
    return new Redis({ ...options, sentinels: config.sentinels.nodes, name: config.sentinels.name, sentinelRetryStrategy: reconnectDelay })
  }
  if (config.url === undefined) throw new Error('store: a redis store needs url, sentinels or cluster')
  return new Redis(config.url, options)
}

/** Store on Redis (single node, Sentinel or Cluster) through ioredis; see lua.ts for the atomic operations. */
export class RedisStore implements Store {
  readonly kind = 'redis'
  readonly #client: Redis | Cluster
  readonly #timeoutMs: number
  #healthy = true
  /** Settles when the client is ready again; shared by every caller waiting meanwhile. */
  #readyAgain: Promise<void> | undefined
  readonly #marker: DataMarker

  constructor (config: Readonly<StoreConfig>, log: FastifyBaseLogger, events: StoreEvents = {}) {
    this.#client = connect(config)
    this.#timeoutMs = config.commandTimeout
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
      if (this.#healthy) return
      this.#healthy = true
      log.info('redis reachable again')
    })
    this.#client.defineCommand('sgAcquireLease', { numberOfKeys: 1, lua: lua.acquireLease })
    this.#client.defineCommand('sgReleaseLease', { numberOfKeys: 1, lua: lua.releaseLease })
    this.#client.defineCommand('sgListLeases', { numberOfKeys: 1, lua: lua.listLeases, readOnly: true })
    this.#client.defineCommand('sgDebitOnce', { numberOfKeys: 2, lua: lua.debitOnce })
    this.#client.defineCommand('sgBatch', { lua: lua.batch })
  }

  /**
   * The client once it is ready. Commands fail at once while disconnected (no offline queue), so while
   * the client (re)connects after a healthy spell, a caller waits for it up to the command timeout instead.
   */
  async #whenReady (): Promise<Redis | Cluster> {
    if (this.#client.status === 'ready') return this.#client
    if (this.#client.status === 'end') throw new errors.StoreUnavailable('closed')
    // once a connection attempt has failed, fail fast until Redis is back rather than make every caller wait
    if (!this.#healthy) throw new errors.StoreUnavailable(`redis ${this.#client.status}`)
    this.#readyAgain ??= new Promise<void>(resolve => this.#client.once('ready', () => { this.#readyAgain = undefined; resolve() }))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => { reject(new errors.StoreUnavailable(`redis ${this.#client.status}`)) }, this.#timeoutMs)
    })
    try {
      await Promise.race([this.#readyAgain, timeout])
    } finally {
      clearTimeout(timer)
    }
    return this.#client
  }

  async get (key: string): Promise<string | null> {
    const redis = await this.#whenReady()
    return await redis.get(key)
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
    if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be an integer')
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

  async hget (key: string, field: string): Promise<string | null> {
    const redis = await this.#whenReady()
    return await redis.hget(key, field)
  }

  async hgetall (key: string): Promise<Record<string, string>> {
    const redis = await this.#whenReady()
    return await redis.hgetall(key)
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

  async acquireLease (key: string, member: string, limit: number, ttlMs: number): Promise<LeaseResult> {
    const redis = await this.#whenReady()
    const [acquired, renewed, held] = await redis.sgAcquireLease(key, member, limit, ttlMs)
    return { acquired: acquired === 1, renewed: renewed === 1, held }
  }

  async releaseLease (key: string, member: string): Promise<boolean> {
    const redis = await this.#whenReady()
    return await redis.sgReleaseLease(key, member) === 1
  }

  async leases (key: string): Promise<Lease[]> {
    const redis = await this.#whenReady()
    const flat = await redis.sgListLeases(key)
    const leases: Lease[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) leases.push({ member: flat[i] as string, expiresAt: Number(flat[i + 1]) })
    return leases
  }

  async debitOnce (counterKey: string, markerKey: string, amount: number, markerTtlMs: number): Promise<DebitResult> {
    if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be an integer')
    const redis = await this.#whenReady()
    const [status, balance] = await redis.sgDebitOnce(counterKey, markerKey, amount, markerTtlMs)
    return { status, balance }
  }

  /** Also checks that the data is still there (see DataMarker). */
  async ping (): Promise<void> {
    const redis = await this.#whenReady()
    await redis.ping()
    await this.#marker.check(redis)
  }

  async close (): Promise<void> {
    try {
      await this.#client.quit()
    } catch {
      this.#client.disconnect()
    }
  }
}
