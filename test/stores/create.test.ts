import pino from 'pino'
import t from 'tap'
import { createStore } from '../../src/stores/create.js'
import { MemoryStore } from '../../src/stores/memory.js'
import { RedisStore } from '../../src/stores/redis.js'
import { redisStoreConfig } from '../redis-helpers.js'

const log = pino({ level: 'silent' })

t.test('the config picks the store', async t => {
  const memory = await createStore({ type: 'memory', keyPrefix: 'x:', commandTimeout: 50, connectTimeout: 10000, autoPipelining: false }, log)
  t.teardown(() => memory.close())
  t.ok(memory instanceof MemoryStore)
  const redis = await createStore(redisStoreConfig(t), log)
  t.teardown(() => redis.close())
  t.ok(redis instanceof RedisStore)
  await t.resolves(redis.ping())
})
