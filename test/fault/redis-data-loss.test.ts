import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import t from 'tap'
import { buildTestApp, nimble, nimbleBody, type LogCapture } from '../helpers.js'
import { PrivateRedis } from '../redis-helpers.js'

const LIMIT = 3

const config = (url: string, keyPrefix: string): unknown => ({
  store: { type: 'redis', url, keyPrefix, commandTimeout: 1000 },
  policies: [{
    rules: [{ rule: 'concurrent-sessions', options: { limit: LIMIT, heartbeatSeconds: 600, viewer: { from: 'query', name: 'viewer' }, onAdmitted: 'allow', timeoutMs: 1000 } }],
    default: 'deny'
  }]
})

const session = async (app: FastifyInstance, id: string): Promise<number> =>
  (await nimble(app, nimbleBody({ url: 'http://media.example.com/live/show/playlist.m3u8?viewer=alice', session_id: id }))).status

async function readyz (app: FastifyInstance): Promise<{ status: number, body: { status: string, dataLostAt?: string } }> {
  const res = await app.inject('/readyz')
  return { status: res.statusCode, body: res.json() }
}

async function metric (app: FastifyInstance, name: string): Promise<number> {
  const text = (await app.inject('/metrics')).body
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1])
}

/** Waits for a log line (the store reports on its own connection events, not on a request of ours). */
async function logged (logs: LogCapture, msg: RegExp): Promise<Record<string, unknown>> {
  for (;;) {
    const line = logs.lines.find(l => msg.test(String(l.msg)))
    if (line !== undefined) return line
    await sleep(20)
  }
}

/** Asks /readyz until the store answers again after a restart. */
async function readyAgain (app: FastifyInstance): Promise<Awaited<ReturnType<typeof readyz>>> {
  for (;;) {
    const answer = await readyz(app)
    if (answer.status === 200) return answer
    await sleep(50)
  }
}

t.test('a Redis restarted empty is reported on /readyz, in a metric and a log line; limits rebuild within one heartbeat', async t => {
  const redis = await PrivateRedis.start(t)
  const { app, logs } = await buildTestApp(t, config(redis.url, 'sgloss:'))
  t.match(await logged(logs, /keeps nothing on disk/), { level: 40 }, 'start-up warns: this Redis keeps nothing on disk')

  const key = await app.streamKeys.create('benw')
  for (const id of ['s1', 's2', 's3']) t.equal(await session(app, id), 200, `${id} admitted`)
  t.equal(await session(app, 's4'), 403, 'a 4th is over the limit')
  t.same((await readyz(app)).body, { status: 'ready', store: 'redis' }, 'nothing lost yet')
  t.equal(await metric(app, 'streamgate_store_data_losses_total'), 0)

  await redis.stop()
  await redis.restart()
  const after = await readyAgain(app)
  t.equal(after.status, 200, '/readyz stays 200: every instance shares this store, taking them out fixes nothing')
  t.match(after.body, { status: 'ready', dataLostAt: /^\d{4}-\d\d-\d\dT/ }, '/readyz says the data was lost, and when')
  t.equal(await metric(app, 'streamgate_store_data_losses_total'), 1, 'counted once')
  t.match(await logged(logs, /lost its data/), { level: 50 }, 'logged as an error')

  // what the README documents for each kind of state
  t.equal((await app.streamKeys.check(key)).status, 'unknown', 'stream keys are gone: publishers are refused until they are restored')
  t.equal(await session(app, 's4'), 200, 'session places are gone: a new session takes a free place...')
  t.same(await Promise.all(['s1', 's2', 's3'].map(async id => await session(app, id))), [200, 200, 403],
    '...and the limit holds again once the live sessions have renewed (within one heartbeat)')
  t.equal(await metric(app, 'streamgate_store_data_losses_total'), 1, 'one loss is counted once, however often /readyz asks')
})

t.test('every instance on the Redis reports the loss, also the ones that notice after another', async t => {
  const redis = await PrivateRedis.start(t)
  const one = await buildTestApp(t, config(redis.url, 'sgtwo:'))
  const two = await buildTestApp(t, config(redis.url, 'sgtwo:'))
  t.equal((await readyz(one.app)).status, 200)
  t.equal((await readyz(two.app)).status, 200)
  const client = new Redis(redis.url)
  t.teardown(() => client.disconnect())
  await client.flushall()
  t.match((await readyz(one.app)).body, { dataLostAt: /T/ }, 'the first to ask finds no marker')
  t.match((await readyz(two.app)).body, { dataLostAt: /T/ }, 'the second finds the first one\'s new marker')
  t.equal(await metric(one.app, 'streamgate_store_data_losses_total') + await metric(two.app, 'streamgate_store_data_losses_total'), 2)
  t.same((await readyz(one.app)).body, (await readyz(one.app)).body, 'and nothing more after that')
})
