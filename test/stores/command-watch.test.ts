import t from 'tap'
import { Redis } from 'ioredis'
import pino from 'pino'
import { CommandWatch } from '../../src/stores/command-watch.js'
import { RedisStore } from '../../src/stores/redis.js'
import { PrivateRedis } from '../redis-helpers.js'

const quietLog = pino({ level: 'silent' })

t.test('a command a frozen Redis never answers fails as timed out, and not before commandTimeout', async t => {
  const server = await PrivateRedis.start(t)
  const timeoutMs = 200
  const store = new RedisStore(server.storeConfig({ commandTimeout: timeoutMs }), quietLog)
  t.teardown(() => store.close())
  await store.set('k', 'v')
  server.pause()
  t.teardown(() => { server.resume() })
  const started = performance.now()
  await t.rejects(store.get('k'), { code: 'SG_STORE_TIMEOUT' })
  const waited = performance.now() - started
  t.ok(waited >= timeoutMs, `given up after commandTimeout (${Math.round(waited)} ms)`)
  t.ok(waited < 10 * timeoutMs, 'and not long after it')
})

t.test('a command whose connection drops unanswered fails as timed out instead of waiting for ever', async t => {
  const server = await PrivateRedis.start(t)
  // ticks far apart: the command is taken into the watch when the connection closes, not by a tick before it
  const store = new RedisStore(server.storeConfig({ commandTimeout: 2000 }), quietLog)
  t.teardown(() => store.close())
  await store.set('k', 'v')
  server.pause()
  const pending = store.get('k')
  // the frozen server killed with the command unanswered; ioredis reconnects to the new one and drops the command
  await server.stop()
  await server.restart()
  await t.rejects(pending, { code: 'SG_STORE_TIMEOUT' })
})

t.test('closing the store while Redis is frozen ends, and fails the calls in flight', async t => {
  const server = await PrivateRedis.start(t)
  const store = new RedisStore(server.storeConfig({ commandTimeout: 200 }), quietLog)
  await store.set('k', 'v')
  server.pause()
  t.teardown(() => { server.resume() })
  const inFlight = store.get('k')
  inFlight.catch(() => undefined)
  // QUIT gets no answer either: given up like any command, and the connection closed after it
  await store.close()
  await t.rejects(inFlight, { code: 'SG_STORE_TIMEOUT' }, 'sent before QUIT, given up no later than QUIT')
})

t.test('the store arms no timer per command', async t => {
  const server = await PrivateRedis.start(t)
  const store = new RedisStore(server.storeConfig({ commandTimeout: 60_000 }), quietLog)
  t.teardown(() => store.close())
  await store.set('k', 'v')
  const timers = (): number => process.getActiveResourcesInfo().filter(resource => resource === 'Timeout').length
  server.pause()
  const before = timers()
  const reads = Array.from({ length: 100 }, async () => await store.get('k'))
  t.ok(timers() - before < 10, `100 reads waiting, ${timers() - before} timers more`)
  server.resume()
  t.ok((await Promise.all(reads)).every(value => value === 'v'), 'all answered once Redis is back')
})

t.test('the watch lets go of answered commands and fails only those waiting past the timeout', async t => {
  const server = await PrivateRedis.start(t)
  const client = new Redis(server.url)
  t.teardown(() => { client.disconnect() })
  const watch = new CommandWatch(client, 60_000)
  t.teardown(() => { watch.close() })
  await client.ping()
  server.pause()
  const waiting = Array.from({ length: 50 }, async (_, i) => await client.get(`k${i}`))
  watch.check()
  t.equal(watch.length, 50, 'every command waiting is watched')
  watch.check()
  t.equal(watch.length, 50, 'once each')
  server.resume()
  t.same(await Promise.all(waiting), Array(50).fill(null), 'answered in time: none failed')
  watch.check()
  t.equal(watch.length, 0, 'answered commands are let go')

  const short = new CommandWatch(client, 1)
  t.teardown(() => { short.close() })
  server.pause()
  t.teardown(() => { server.resume() })
  const late = client.get('late')
  short.check()
  await new Promise(resolve => setTimeout(resolve, 5))
  short.check()
  await t.rejects(late, { code: 'SG_STORE_TIMEOUT' }, 'waiting past the timeout: failed')
  t.equal(short.length, 0)
})
