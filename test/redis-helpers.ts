import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import type { StoreConfig } from '../src/generated/store.js'
import { freePort } from './helpers.js'

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

interface Teardown { teardown: (fn: () => unknown) => void }

/** Deletes every key under a prefix (SCAN, so a shared Redis is not blocked). */
export async function deletePrefix (url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await client.connect()
    let cursor = '0'
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      if (keys.length > 0) await client.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    client.disconnect()
  }
}

const storeConfig = (url: string, overrides: Partial<StoreConfig>): StoreConfig =>
  ({ type: 'redis', url, keyPrefix: `sgtest:${randomUUID()}:`, commandTimeout: 50, connectTimeout: 10000, autoPipelining: false, ...overrides })

/**
 * A config for the shared test Redis under a key prefix of its own, whose keys are deleted when the test
 * ends. Its command timeout is generous: test files run in parallel on one machine, and these tests are
 * about what Redis answers; the fault tests time a private server with the production default.
 */
export function redisStoreConfig (t: Teardown, overrides: Partial<StoreConfig> = {}): StoreConfig {
  const config = storeConfig(REDIS_URL, { commandTimeout: 1000, ...overrides })
  t.teardown(async () => { await deletePrefix(REDIS_URL, config.keyPrefix) })
  return config
}

/** A private redis-server on a free loopback port that a test can kill and start again. */
export class PrivateRedis {
  #process: ChildProcess | undefined
  private constructor (readonly port: number) {}

  static async start (t: Teardown): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort())
    t.teardown(async () => { await redis.stop() })
    await redis.restart()
    return redis
  }

  get url (): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** A store config for this server: nothing to clean up, its data dies with it. */
  storeConfig (overrides: Partial<StoreConfig> = {}): StoreConfig {
    return storeConfig(this.url, overrides)
  }

  async restart (): Promise<void> {
    const child = spawn('/usr/bin/redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local'], { stdio: 'ignore' })
    this.#process = child
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
    probe.on('error', () => { /* refused until the server listens: the loop retries */ })
    try {
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          await probe.connect()
          await probe.ping()
          return
        } catch {
          probe.disconnect()
          await sleep(50)
        }
      }
      throw new Error(`redis-server did not start on port ${this.port}`)
    } finally {
      probe.disconnect()
    }
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like an overloaded Redis. */
  pause (): void {
    this.#process?.kill('SIGSTOP')
  }

  resume (): void {
    this.#process?.kill('SIGCONT')
  }

  async stop (): Promise<void> {
    const child = this.#process
    this.#process = undefined
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

/**
 * Starts redis-server with these arguments (a cluster node, a Sentinel...), answers once it answers PING on
 * `port`, and kills it when the test ends (unless the test killed it first, through the process returned).
 */
export async function spawnRedis (t: Teardown, port: number, args: string[]): Promise<ChildProcess> {
  const child = spawn('/usr/bin/redis-server', args, { stdio: 'ignore' })
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await once(child, 'exit')
  })
  for (let i = 0; spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout.toString().trim() !== 'PONG'; i++) {
    if (i > 100) throw new Error(`redis-server on ${port} did not start`)
    await sleep(50)
  }
  return child
}
