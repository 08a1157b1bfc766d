import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { buildTestApp, oneChain, withKeys } from '../helpers.js'
import { REDIS_URL, redisStoreConfig } from '../redis-helpers.js'

/** Each hook on a connection of its own, as separate publishers are (one stream per nginx-rtmp connection). */
let connections = 0

// viewers are let in: only the publish policy (the stream-key rule) stands between a publisher and the stream
const build = async (t: Test, extra: object = {}, bruteForce = { maxFailures: 3, windowSeconds: 600 }) => await buildTestApp(t, {
  ...(withKeys(oneChain([], { default: 'allow' }), { bruteForce }) as object),
  adapters: { nginxRtmp: { enabled: true }, nimblePublish: { enabled: true } },
  ...extra
})

async function rtmp (app: FastifyInstance, call: string, name: string, addr: string | undefined) {
  const body: Record<string, string> = { call, app: 'app', name, clientid: String(++connections), tcurl: 'rtmp://127.0.0.1/app', flashver: 'FMLE/3.0' }
  if (addr !== undefined) body.addr = addr
  const res = await app.inject({ method: 'POST', url: '/nginx-rtmp', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() })
  return res.statusCode
}

async function nimble (app: FastifyInstance, items: Array<Record<string, string>>): Promise<string[]> {
  const res = await app.inject({ method: 'POST', url: '/nimble/publish', payload: { PublishAuthRequest: items } })
  return res.json<{ PublishAuthResponse: Array<{ status: string }> }>().PublishAuthResponse.map(a => a.status)
}

const reasons = (lines: Array<Record<string, unknown>>): unknown[] => lines.filter(l => l.msg === 'decision' && l.action === 'publish').map(l => l.reason)

t.test('wrong keys count per host, however its address is spelled and whichever adapter saw them', async t => {
  const { app } = await build(t)
  const key = await app.streamKeys.create('benw')
  t.equal(await rtmp(app, 'publish', 'guess-1', '198.51.100.7'), 403)
  t.equal(await rtmp(app, 'update_publish', 'guess-2', '::ffff:198.51.100.7'), 403)
  t.same(await nimble(app, [{ seq: '1', id: 'guess-3', ip: '::FFFF:c633:6407', stream: 'live/benw' }]), ['fail'])
  t.equal(await rtmp(app, 'publish', key, '198.51.100.7'), 403, 'three spellings, one host: blocked')
  t.equal(await rtmp(app, 'update_publish', key, '0:0:0:0:0:ffff:198.51.100.7'), 403)
  t.same(await nimble(app, [{ seq: '1', id: key, ip: '198.51.100.7', stream: 'live/benw' }]), ['fail'])

  for (const spelling of ['2001:db8::7', '2001:DB8:0:0::7', '2001:0db8:0000:0000:0000:0000:0000:0007']) await rtmp(app, 'publish', 'guess', spelling)
  t.equal(await rtmp(app, 'publish', key, '2001:db8::7'), 403, 'IPv6 spellings are one host too')
  t.equal(await rtmp(app, 'publish', key, '198.51.100.8'), 302, 'another host is not blocked')
})

t.test('a publish with no address or garbage for one is refused before anything is counted or stored', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('benw')
  for (const addr of [undefined, '', 'x', 'localhost', '198.51.100.7:1935', '1.2.3.4/8', 'a'.repeat(4096)]) {
    for (const call of ['connect', 'publish', 'update_publish']) t.equal(await rtmp(app, call, key, addr), 403, `${call} from ${JSON.stringify(addr?.slice(0, 20))}`)
  }
  t.match(await app.streamKeys.info('benw'), { live: false }, 'a right key from no address does not go live')
  t.ok(logs.lines.filter(l => l.msg === 'decision').every(l => l.reason === 'bad-address'))
  t.notOk(logs.text().includes('a'.repeat(100)), 'the garbage is not logged')
})

t.test('Nimble items with no ip are refused one by one and share no counter (two wrong keys blocked them all)', async t => {
  const { app, logs } = await build(t, {}, { maxFailures: 2, windowSeconds: 600 })
  const key = await app.streamKeys.create('benw')
  const statuses = await nimble(app, [
    { seq: '1', id: 'guess-1', stream: 'live/benw' },
    { seq: '2', id: 'guess-2', stream: 'live/benw' },
    { seq: '3', id: 'guess-3', ip: '', stream: 'live/benw' },
    { seq: '4', id: 'guess-4', ip: 'not-an-ip', stream: 'live/benw' }
  ])
  t.same(statuses, ['fail', 'fail', 'fail', 'fail'])
  t.same(reasons(logs.lines), ['bad-address', 'bad-address', 'bad-address', 'bad-address'], 'refused, not counted as guesses')
  t.same(await nimble(app, [{ seq: '5', id: key, ip: '198.51.100.9', stream: 'live/benw' }]), ['success'], 'publishers with an address are not blocked')
  t.same(await nimble(app, [{ seq: '6', id: key, stream: 'live/benw' }]), ['fail'], 'and a right key without one is refused too')
})

t.test('a flood of 4 KB addresses leaves nothing in the store', async t => {
  const store = redisStoreConfig(t)
  const { app } = await build(t, { store })
  const key = await app.streamKeys.create('benw')
  const redis = new Redis(REDIS_URL)
  t.teardown(() => redis.disconnect())
  const keys = async (): Promise<string[]> => (await redis.keys(`${store.keyPrefix}*`)).sort()
  const before = await keys()
  for (let i = 0; i < 200; i++) {
    const addr = `${i}-`.padEnd(4096, 'x')
    await rtmp(app, i % 2 === 0 ? 'publish' : 'update_publish', `guess-${i}`, addr)
    await rtmp(app, 'connect', '', addr)
    await nimble(app, [{ seq: '1', id: `guess-${i}`, ip: addr.slice(0, 64), stream: 'live/benw' }])
  }
  t.same(await keys(), before, 'no key was added')
  t.equal(await rtmp(app, 'publish', key, '198.51.100.7'), 302, 'and the real publisher is unaffected')
})

t.test('guesses sent at once cannot outrun the guard: a Nimble batch, or concurrent hooks through Redis', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('benw')
  const batch = Array.from({ length: 20 }, (_, i) => ({ seq: String(i), id: `guess-${i}`, ip: '198.51.100.7', stream: 'live/benw' }))
  t.same(await nimble(app, batch), batch.map(() => 'fail'))
  const counted = reasons(logs.lines)
  t.equal(counted.filter(r => r === 'unknown-key').length, 3, 'only maxFailures keys were tried')
  t.equal(counted.filter(r => r === 'too-many-failures').length, 17)
  t.same(await nimble(app, [{ seq: '1', id: key, ip: '198.51.100.7', stream: 'live/benw' }]), ['fail'], 'and the host is blocked')

  const { app: shared, logs: sharedLogs } = await build(t, { store: redisStoreConfig(t) })
  const sharedKey = await shared.streamKeys.create('benw')
  await Promise.all(Array.from({ length: 20 }, async (_, i) => await rtmp(shared, 'publish', `guess-${i}`, '198.51.100.8')))
  t.equal(reasons(sharedLogs.lines).filter(r => r === 'unknown-key').length, 3, 'concurrent hooks: only maxFailures keys were tried')
  t.equal(await rtmp(shared, 'publish', sharedKey, '198.51.100.8'), 403)
})

t.test('right keys do not use up a host\'s allowance, however many arrive at once', async t => {
  const { app } = await build(t)
  const key = await app.streamKeys.create('benw')
  const batch = Array.from({ length: 10 }, (_, i) => ({ seq: String(i), id: key, ip: '198.51.100.7', stream: 'live/benw' }))
  t.same(await nimble(app, batch), batch.map(() => 'success'))
  t.same(await nimble(app, [{ seq: '1', id: 'guess-1', ip: '198.51.100.7', stream: 'live/benw' }, { seq: '2', id: 'guess-2', ip: '198.51.100.7', stream: 'live/benw' }]), ['fail', 'fail'])
  t.equal(await rtmp(app, 'publish', key, '198.51.100.7'), 302, 'two wrong keys of three: still allowed')
})

t.test('an IPv6 host is its /64: wrong keys from many addresses of one network count together', async t => {
  const { app } = await build(t)
  const key = await app.streamKeys.create('benw')
  for (const addr of ['2001:db8:0:7::1', '2001:db8:0:7:ffff:ffff:ffff:ffff', '2001:db8:0:7:1234::99']) t.equal(await rtmp(app, 'publish', `guess-${addr}`, addr), 403)
  t.equal(await rtmp(app, 'publish', key, '2001:db8:0:7::abcd'), 403, 'another address of the same /64 is blocked')
  t.equal(await rtmp(app, 'connect', '', '2001:db8:0:7::abcd'), 200, 'connect leaves the decision to publish (and play)')
  t.equal(await rtmp(app, 'publish', key, '2001:db8:0:8::1'), 302, 'the next /64 is not')
})
