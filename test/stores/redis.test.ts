import t from 'tap'
import { Redis } from 'ioredis'
import { MARKER_KEY } from '../../src/stores/redis-marker.js'
import { RedisStore } from '../../src/stores/redis.js'
import { Balances } from '../../src/paywall/balances.js'
import { buildTestApp, captureLogs, nimble, nimbleBody, oneChain } from '../helpers.js'
import { PrivateRedis, REDIS_URL, redisStoreConfig } from '../redis-helpers.js'
import pino from 'pino'
import { storeContract } from './contract.js'

const quietLog = pino({ level: 'silent' })

storeContract(t, async t => new RedisStore(redisStoreConfig(t), quietLog))

t.test('every key carries the configured prefix', async t => {
  const config = redisStoreConfig(t)
  const store = new RedisStore(config, quietLog)
  t.teardown(() => store.close())
  await store.set('plain', '1')
  await store.acquireLease('leases', 'm', 1, 5000)
  await store.incrBy('bal', 100)
  await store.debitOnce('bal', 'marker', 10, 5000)
  await store.batch([{ op: 'hset', key: 'hash', fields: { a: 'b' } }])
  const raw = new Redis(REDIS_URL)
  t.teardown(() => raw.disconnect())
  const keys = (await raw.keys(`${config.keyPrefix}*`)).map(k => k.slice(config.keyPrefix.length)).filter(k => k !== MARKER_KEY).sort()
  t.same(keys, ['bal', 'hash', 'leases', 'marker', 'plain'])
})

t.test('a read fails as a rejection with a coded error: made as the store closes, or thrown by the client before it sends', async t => {
  const store = new RedisStore(redisStoreConfig(t), quietLog)
  await store.set('k', 'v')
  // the command is ioredis's Commander's: shadowed on Redis.prototype, then let through again
  const shadow = Redis.prototype as unknown as { hgetall?: () => never }
  t.notOk(Object.hasOwn(shadow, 'hgetall'))
  const unshadow = (): void => { delete shadow.hgetall }
  t.teardown(unshadow)
  shadow.hgetall = () => { throw new TypeError('no node for this slot') }
  const thrown = store.hgetall('h')
  t.type(thrown, Promise, 'a promise, not a throw')
  await t.rejects(thrown, { message: 'no node for this slot' })
  unshadow()
  const closing = store.close()
  const reads: Array<Promise<unknown>> = [store.get('k'), store.hget('h', 'f'), store.hgetall('h')]
  for (const read of reads) await t.rejects(read, { code: 'SG_STORE_UNAVAILABLE', message: /closed/ })
  await closing
})

t.test('auto-pipelining gives the same answers', async t => {
  const store = new RedisStore(redisStoreConfig(t, { autoPipelining: true }), quietLog)
  t.teardown(() => store.close())
  await store.incrBy('bal', 100)
  const results = await Promise.all(Array.from({ length: 50 }, async () => await store.debitOnce('bal', 'same', 10, 5000)))
  t.equal(results.filter(r => r.status === 'charged').length, 1)
})

t.test('a dead Redis fails commands within the timeout, logs once without the password, and recovers', async t => {
  const server = await PrivateRedis.start(t)
  const logs = captureLogs()
  const url = `redis://:s3cret-pass@127.0.0.1:${server.port}`
  const raw = new Redis(server.url)
  await raw.config('SET', 'requirepass', 's3cret-pass')
  raw.disconnect()
  const store = new RedisStore({ ...server.storeConfig(), url }, pino(logs.stream))
  t.teardown(() => store.close())
  await store.set('k', 'v')
  const unreachable = logs.next('redis unreachable; rules apply their onError outcome')
  await server.stop()
  await unreachable
  for (let i = 0; i < 5; i++) {
    const started = Date.now()
    await t.rejects(store.get('k'))
    // fast: not after connectTimeout (10 s), however loaded the machine
    t.ok(Date.now() - started < 2000, `refused after ${Date.now() - started} ms`)
  }
  const reachable = logs.next('redis reachable again')
  await server.restart()
  const raw2 = new Redis(server.url)
  await raw2.config('SET', 'requirepass', 's3cret-pass')
  raw2.disconnect()
  await reachable
  t.equal(await store.get('k'), null, 'answers again after the restart (the private server kept nothing)')
  t.equal(logs.lines.filter(l => l.msg === 'redis unreachable; rules apply their onError outcome').length, 1)
  t.equal(logs.lines.filter(l => l.msg === 'redis reachable again').length, 1)
  t.notMatch(logs.text(), /s3cret-pass/)
})

t.test('a store needs a url, sentinels or cluster', async t => {
  t.throws(() => new RedisStore({ type: 'redis', keyPrefix: '', commandTimeout: 50, connectTimeout: 10000, autoPipelining: false }, quietLog), /needs url, sentinels or cluster/)
})

t.test('waiting to connect is not a command deadline: the first command waits for a slow connection', async t => {
  const server = await PrivateRedis.start(t)
  // a frozen server accepts the TCP connection but answers nothing until it is resumed
  server.pause()
  const store = new RedisStore(server.storeConfig({ commandTimeout: 50 }), quietLog)
  t.teardown(() => store.close())
  const first = store.set('k', 'v')
  const late = store.acquireLease('leases', 'm', 1, 60_000, { at: performance.now() + 100, requestId: 'r1' })
  await t.rejects(late, { code: 'SG_STORE_UNAVAILABLE' }, 'a call with a deadline waits no longer than its deadline')
  server.resume()
  t.equal(await first, true, 'the first command (the CLI\'s) waited for the connection, not commandTimeout')
  t.same(await store.leases('leases'), [], 'the call given up on was never sent')
})

t.test('an unreachable Redis fails the first command at once, not after connectTimeout', async t => {
  const server = await PrivateRedis.start(t)
  await server.stop()
  const store = new RedisStore(server.storeConfig({ connectTimeout: 10_000 }), quietLog)
  t.teardown(() => store.close())
  const started = Date.now()
  await t.rejects(store.get('k'), { code: 'SG_STORE_UNAVAILABLE' })
  t.ok(Date.now() - started < 2000, `refused after ${Date.now() - started} ms`)
})

t.test('a step of this host\'s wall clock after connecting changes no deadline: admissions and charges go on', async t => {
  const viewer = { from: 'query', name: 'viewer' }
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { viewer, limit: 5 } }, { rule: 'pay-per-minute', options: { viewer, windowSeconds: 60 } }]) as object),
    store: redisStoreConfig(t)
  })
  await new Balances(app.store).topUp('alice', 600)
  const play = async (session: string) => (await nimble(app, nimbleBody({ url: `/live/x/playlist.m3u8?viewer=alice`, session_id: session }))).status
  t.equal(await play('before'), 200)
  const wallClock = Date.now
  t.teardown(() => { Date.now = wallClock })
  for (const step of [-2000, 2000]) {
    // NTP steps the clock, or a VM resumes: deadlines ran on it, and every write was refused as late
    Date.now = () => wallClock() + step
    t.equal(await play(`after ${step}`), 200, `the clock stepped ${step} ms`)
  }
  Date.now = wallClock
  t.equal((await new Balances(app.store).read('alice')).seconds, 600 - 3 * 60, 'each admitted session paid its window')
})

t.test('a write refused as late has the Redis clock read again: a host resumed from suspend (its monotonic clock stood still) recovers at once', async t => {
  const viewer = { from: 'query', name: 'viewer' }
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { viewer, limit: 5, onAdmitted: 'allow' } }]) as object),
    store: redisStoreConfig(t)
  })
  const play = async (session: string) => (await nimble(app, nimbleBody({ url: '/live/x/playlist.m3u8?viewer=alice', session_id: session }))).status
  t.equal(await play('before'), 200)
  const monotonic = performance.now.bind(performance)
  t.teardown(() => { performance.now = monotonic })
  // the wall clock and Redis's went on for 2 s that this host's monotonic clock did not count
  performance.now = () => monotonic() - 2000
  t.equal(await play('resumed'), 403, 'the first write after the resume reaches Redis past its deadline as the store reckons it')
  // the clock is read again at once; on a loaded machine a reading may take a few tries to come back fast enough
  const after = []
  while (after.length < 20 && after.at(-1) !== 200) after.push(await play(`after-${after.length}`))
  t.equal(after.at(-1), 200, `the clock read again, writes are in time (${after.length} tries)`)
})
