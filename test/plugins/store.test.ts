import t from 'tap'
import { buildTestApp, oneChain } from '../helpers.js'
import { PrivateRedis } from '../redis-helpers.js'

t.test('the embedded store is always ready', async t => {
  const { app } = await buildTestApp(t, oneChain([]))
  const res = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ready', store: 'memory' })
})

t.test('readyz follows Redis: 503 while it is down, 200 again once it is back, without a restart', async t => {
  const redis = await PrivateRedis.start(t)
  const { app, logs } = await buildTestApp(t, { ...oneChain([]) as object, store: redis.storeConfig() })
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  const unreachable = logs.next('redis unreachable; rules apply their onError outcome')
  await redis.stop()
  await unreachable
  const down = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(down.statusCode, 503)
  t.same(down.json(), { status: 'unavailable', store: 'redis' })
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'alive all the same')
  const reachable = logs.next('redis reachable again')
  await redis.restart()
  await reachable
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
})

t.test('readyz answers 503 within a second when Redis is frozen, whatever commandTimeout says', async t => {
  const redis = await PrivateRedis.start(t)
  const { app } = await buildTestApp(t, { ...oneChain([]) as object, store: redis.storeConfig({ commandTimeout: 5000 }) })
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  redis.pause()
  t.teardown(() => { redis.resume() })
  const started = Date.now()
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503, 'frozen: nothing answered meanwhile')
  t.ok(Date.now() - started < 2000, 'well before commandTimeout')
  redis.resume()
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
})

t.test('the store is closed with the app', async t => {
  const { app } = await buildTestApp(t, oneChain([]))
  await app.store.set('k', 'v')
  await app.close()
  t.equal(await app.store.get('k'), null)
})
