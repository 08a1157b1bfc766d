import type { FastifyBaseLogger } from 'fastify'
import type { StoreConfig } from '../generated/store.js'
import { MemoryStore } from './memory.js'
import type { Store, StoreEvents } from './store.js'

/**
 * The store the config asks for, reporting `events`. A Redis store connects in the background: boot never
 * waits on Redis.
 */
export async function createStore (config: Readonly<StoreConfig>, log: FastifyBaseLogger, events: StoreEvents = {}): Promise<Store> {
  if (config.type === 'memory') return new MemoryStore({ ...(config.maxEntries === undefined ? {} : { maxEntries: config.maxEntries }), events })
  const { RedisStore } = await import('./redis.js')
  return new RedisStore(config, log, events)
}
