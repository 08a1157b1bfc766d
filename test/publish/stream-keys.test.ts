import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { hashStreamKey } from '../../src/publish/stream-key.js'
import { StreamKeys } from '../../src/publish/stream-keys.js'
import { MemoryStore } from '../../src/stores/memory.js'
import { MARKER_KEY } from '../../src/stores/redis-marker.js'
import { RedisStore } from '../../src/stores/redis.js'
import type { Store } from '../../src/stores/store.js'
import { captureLogs } from '../helpers.js'
import { REDIS_URL, redisStoreConfig } from '../redis-helpers.js'
import { pino } from 'pino'

async function memory (t: Test): Promise<Store> {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  return store
}

async function redis (t: Test): Promise<Store> {
  const store = new RedisStore(redisStoreConfig(t, { commandTimeout: 1000 }), pino(captureLogs().stream))
  t.teardown(() => store.close())
  return store
}

for (const [kind, open] of [['memory', memory], ['redis', redis]] as const) {
  t.test(`${kind}: create, check, rotate, revoke, remove`, async t => {
    const keys = new StreamKeys(await open(t))
    const key = await keys.create('benw')
    t.match(key, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url')
    t.same(await keys.check(key), { status: 'valid', name: 'benw', keyHash: hashStreamKey(key) })
    await t.rejects(keys.create('benw'), { code: 'SG_STREAM_KEY_EXISTS', statusCode: 409 })
    const rotated = await keys.rotate('benw')
    t.not(rotated, key)
    t.equal((await keys.check(key)).status, 'unknown', 'the old key stops working')
    t.equal((await keys.check(rotated)).status, 'valid')
    await keys.revoke('benw')
    t.equal((await keys.check(rotated)).status, 'unknown')
    t.match(await keys.info('benw'), { name: 'benw', hasKey: false, banned: false, live: false })
    const again = await keys.create('benw')
    t.equal((await keys.check(again)).status, 'valid', 'a revoked stream gets a new key with create')
    t.equal(await keys.remove('benw'), true)
    t.equal(await keys.remove('benw'), false)
    t.equal((await keys.check(again)).status, 'unknown')
    t.equal(await keys.info('benw'), undefined)
    await t.rejects(keys.rotate('nope'), { code: 'SG_STREAM_NOT_FOUND', statusCode: 404 })
    await t.rejects(keys.revoke('nope'), { code: 'SG_STREAM_NOT_FOUND' })
    await t.rejects(keys.setBanned('nope', true), { code: 'SG_STREAM_NOT_FOUND' })
    t.equal((await keys.check(await keys.rotate('fresh', { createMissing: true }))).status, 'valid', 'rotate may create')
  })

  t.test(`${kind}: banned owners, invalid names`, async t => {
    const keys = new StreamKeys(await open(t))
    const key = await keys.create('benw')
    await keys.setBanned('benw', true)
    t.same(await keys.check(key), { status: 'banned', name: 'benw', keyHash: hashStreamKey(key) })
    await keys.setBanned('benw', false)
    t.equal((await keys.check(key)).status, 'valid')
    for (const name of ['', 'a b', '../etc', '-x', 'x'.repeat(129), 'ünï', 'a/b', 'a?b']) {
      await t.rejects(keys.create(name), { code: 'SG_STREAM_NAME_INVALID' }, JSON.stringify(name))
    }
  })

  t.test(`${kind}: live status follows the publishing session of a key`, async t => {
    const keys = new StreamKeys(await open(t))
    const first = await keys.create('a')
    await keys.create('b')
    await keys.goLive('a', hashStreamKey(first), '198.51.100.7')
    const [live] = await keys.list({ liveOnly: true })
    t.match(live, { name: 'a', live: true, publisherIp: '198.51.100.7' })
    t.ok(Date.now() - Date.parse(live!.liveAt!) < 5000)
    t.same((await keys.list()).map(s => [s.name, s.live]), [['a', true], ['b', false]])
    const second = await keys.rotate('a')
    await keys.goLive('a', hashStreamKey(second), '198.51.100.8')
    t.equal(await keys.goOffline(hashStreamKey(first)), undefined, 'an older session ending leaves the newer live')
    t.match(await keys.info('a'), { live: true, publisherIp: '198.51.100.8' })
    t.equal(await keys.goOffline(hashStreamKey(second)), 'a')
    t.same(await keys.list({ liveOnly: true }), [])
    t.equal(await keys.goOffline(hashStreamKey(second)), undefined, 'twice is harmless')
    await keys.goLive('b', hashStreamKey('whatever'), '::1')
    await keys.remove('b')
    t.same(await keys.list({ liveOnly: true }), [], 'a removed stream is not listed live')
  })
}

t.test('redis: the store holds key hashes only, never a key', async t => {
  const config = redisStoreConfig(t, { commandTimeout: 1000 })
  const store = new RedisStore(config, pino(captureLogs().stream))
  t.teardown(() => store.close())
  const keys = new StreamKeys(store)
  const issued = [await keys.create('a'), await keys.rotate('a'), await keys.create('b')]
  await keys.goLive('b', hashStreamKey(issued[2]!), '127.0.0.1')
  const client = new Redis(REDIS_URL)
  t.teardown(() => client.disconnect())
  const names = await client.keys(`${config.keyPrefix}*`)
  t.ok(names.length >= 4)
  let dump = names.join('\n')
  for (const name of names) {
    const type = await client.type(name)
    dump += '\n' + JSON.stringify(type === 'hash' ? await client.hgetall(name) : type === 'set' ? await client.smembers(name) : await client.get(name))
  }
  for (const key of issued) t.notOk(dump.includes(key), 'no key in the store')
  t.ok(dump.includes(hashStreamKey(issued[1]!)), 'its hash is')
  t.ok(names.every(n => n.includes('{streams}') || n === config.keyPrefix + MARKER_KEY), 'one hash slot for every stream key')
})
