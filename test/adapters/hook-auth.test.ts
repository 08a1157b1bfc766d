import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { resolveConfig } from '../../src/config/load.js'
import { buildTestApp, oneChain, withKeys } from '../helpers.js'

const SECRET = 'hook-secret-0123456789abcdef'

const build = async (t: Test, hookAuth: object = {}, streamKey: Record<string, unknown> = {}) => await buildTestApp(t, {
  ...(withKeys(oneChain([], { default: 'allow' }), streamKey) as object),
  adapters: { nginxRtmp: { enabled: true, hookAuth }, nimblePublish: { enabled: true, hookAuth } }
})

const rtmpFields = (call: string, name: string, addr = '198.51.100.7'): Record<string, string> =>
  ({ call, app: 'app', name, addr, clientid: '1', tcurl: 'rtmp://127.0.0.1/app', flashver: 'FMLE/3.0' })

/** An nginx-rtmp hook as it arrives from `from`, with `query` on the hook URL. */
async function rtmp (app: FastifyInstance, body: Record<string, string>, { from = '127.0.0.1', query = '' } = {}) {
  const res = await app.inject({
    method: 'POST',
    url: `/nginx-rtmp${query}`,
    remoteAddress: from,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(body).toString()
  })
  return { status: res.statusCode, location: res.headers.location }
}

async function nimble (app: FastifyInstance, items: unknown[], { from = '127.0.0.1', query = '' } = {}) {
  const res = await app.inject({ method: 'POST', url: `/nimble/publish${query}`, remoteAddress: from, payload: { PublishAuthRequest: items } })
  return { status: res.statusCode, body: res.body }
}

const refusals = (app: FastifyInstance, adapter: string, reason: string): Promise<number> =>
  app.metrics.registry.getSingleMetric('streamgate_decisions_total')!.get().then(metric =>
    metric.values.find(v => v.labels.adapter === adapter && v.labels.reason === reason)?.value ?? 0)

t.test('by default only loopback may call the hooks: forged calls from elsewhere are refused and counted', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('benw')
  for (const call of ['connect', 'publish', 'update_publish', 'play', 'update_play', 'publish_done', 'play_done', 'done']) {
    t.equal((await rtmp(app, rtmpFields(call, key), { from: '203.0.113.9' })).status, 403, `${call} from another host`)
  }
  t.equal(await refusals(app, 'nginx-rtmp', 'untrusted-hook-source'), 8)
  const item = { seq: '1', id: key, ip: '198.51.100.7', stream: 'live/benw' }
  t.same(await nimble(app, [item], { from: '203.0.113.9' }), { status: 403, body: '' })
  t.equal(await refusals(app, 'nimble-publish', 'untrusted-hook-source'), 1)
  t.match(await app.streamKeys.info('benw'), { live: false }, 'no forged call changed anything')
  t.ok(logs.lines.some(l => l.msg === 'decision' && l.adapter === 'nginx-rtmp' && l.reason === 'untrusted-hook-source' && l.outcome === 'deny'))

  for (const from of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1']) {
    t.equal((await rtmp(app, rtmpFields('publish', key), { from })).status, 302, `publish from ${from}`)
  }
  t.match(JSON.parse((await nimble(app, [item], { from: '::ffff:127.0.0.1' })).body), { PublishAuthResponse: [{ seq: '1', status: 'success' }] })
})

t.test('a real dual-stack socket\'s IPv4-mapped peer counts as the loopback it is', async t => {
  const { app } = await build(t)
  await app.listen({ host: '::', port: 0 })
  const { port } = app.server.address() as { port: number }
  const res = await fetch(`http://127.0.0.1:${port}/nginx-rtmp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(rtmpFields('connect', '')) })
  t.equal(res.status, 200)
})

t.test('five forged publishes from elsewhere no longer lock a publisher out', async t => {
  const { app } = await build(t, {}, { bruteForce: { maxFailures: 5, windowSeconds: 600 } })
  const key = await app.streamKeys.create('benw')
  for (let i = 0; i < 5; i++) await rtmp(app, rtmpFields('publish', `guess-${i}`), { from: '203.0.113.9' })
  t.equal((await rtmp(app, rtmpFields('connect', ''))).status, 200, 'the victim can connect')
  t.equal((await rtmp(app, rtmpFields('publish', key))).status, 302, 'and publish')
})

t.test('allowFrom names the media servers\' networks; ranges and single addresses', async t => {
  const { app } = await build(t, { allowFrom: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.10'] })
  const key = await app.streamKeys.create('benw')
  const cases: Array<[string, number]> = [
    ['10.1.2.3', 302], ['::ffff:10.1.2.3', 302], ['2001:db8::7', 302], ['2001:DB8:0::7', 302], ['192.0.2.10', 302],
    ['192.0.2.11', 403], ['127.0.0.1', 403], ['::1', 403], ['11.0.0.1', 403], ['2001:db9::1', 403]
  ]
  for (const [from, status] of cases) t.equal((await rtmp(app, rtmpFields('publish', key), { from })).status, status, from)
})

t.test('a forwarding header cannot claim a trusted source', async t => {
  const { app } = await build(t)
  const res = await app.inject({
    method: 'POST',
    url: '/nginx-rtmp',
    remoteAddress: '203.0.113.9',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' },
    payload: new URLSearchParams(rtmpFields('connect', '')).toString()
  })
  t.equal(res.statusCode, 403)
})

t.test('with a secret, a call must carry exactly it in the query; it never reaches the logs', async t => {
  const { app, logs } = await build(t, { secret: SECRET })
  const key = await app.streamKeys.create('benw')
  const refused = ['', '?secret=', `?secret=${SECRET.slice(0, -1)}`, `?secret=${SECRET}x`, `?secret=${SECRET.toUpperCase()}`,
    `?Secret=${SECRET}`, `?secret=${SECRET}&secret=${SECRET}`, `?secret[]=${SECRET}`, `?other=${SECRET}`]
  for (const query of refused) {
    t.equal((await rtmp(app, rtmpFields('publish', key), { query })).status, 403, `nginx-rtmp ${query.slice(0, 12)}`)
    t.equal((await nimble(app, [{ seq: '1', id: key, ip: '198.51.100.7', stream: 'live/benw' }], { query })).status, 403, `nimble ${query.slice(0, 12)}`)
  }
  t.equal(await refusals(app, 'nginx-rtmp', 'bad-hook-secret'), refused.length)
  t.equal((await rtmp(app, rtmpFields('publish', key), { query: `?secret=${SECRET}` })).status, 302)
  t.equal((await rtmp(app, rtmpFields('publish', key), { query: `?x=1&secret=${encodeURIComponent(SECRET)}` })).status, 302, 'beside other arguments')
  t.equal((await nimble(app, [{ seq: '1', id: key, ip: '198.51.100.7', stream: 'live/benw' }], { query: `?secret=${SECRET}` })).status, 200)
  t.equal((await rtmp(app, rtmpFields('publish', key), { from: '203.0.113.9', query: `?secret=${SECRET}` })).status, 403, 'the secret does not widen allowFrom')
  t.notOk(logs.text().includes(SECRET.slice(0, 12)), 'no part of the secret is logged')
  t.notOk(logs.text().includes(key))
})

t.test('a secret in the body counts for nothing: only the hook URL\'s query carries it', async t => {
  const { app } = await build(t, { secret: SECRET })
  const key = await app.streamKeys.create('benw')
  t.equal((await rtmp(app, { ...rtmpFields('publish', key), secret: SECRET })).status, 403, 'nginx-rtmp form field')
  const res = await app.inject({ method: 'POST', url: '/nimble/publish', remoteAddress: '127.0.0.1', payload: { secret: SECRET, PublishAuthRequest: [{ seq: '1', id: key, ip: '198.51.100.7', stream: 'live/benw', secret: SECRET }] } })
  t.equal(res.statusCode, 403, 'Nimble JSON field')
  t.match(await app.streamKeys.info('benw'), { live: false })
})

t.test('the secret can sit under another name; allowFrom can leave the check to it', async t => {
  const { app } = await build(t, { secret: SECRET, secretParam: 'sg_token', allowFrom: ['0.0.0.0/0', '::/0'] })
  t.equal((await rtmp(app, rtmpFields('connect', ''), { from: '203.0.113.9', query: `?sg_token=${SECRET}` })).status, 200)
  t.equal((await rtmp(app, rtmpFields('connect', ''), { from: '203.0.113.9', query: `?secret=${SECRET}` })).status, 403)
})

t.test('a config that cannot authenticate hooks is refused, without echoing the secret', async t => {
  const invalid = [
    { allowFrom: [] },
    { allowFrom: ['not-a-network'] },
    { secret: 'short' },
    { secretParam: 'a&b' },
    { trusted: ['127.0.0.1'] }
  ]
  for (const hookAuth of invalid) {
    const attempt = async (): Promise<unknown> => {
      const config = resolveConfig({ ...(oneChain([]) as object), adapters: { nginxRtmp: { enabled: true, hookAuth } } }, {})
      const app = await buildApp({ config: { ...config, log: { level: 'silent' } } })
      await app.close()
      return app
    }
    await t.rejects(attempt(), JSON.stringify(hookAuth))
  }
  await t.rejects(async () => {
    const config = resolveConfig({ ...(oneChain([]) as object), adapters: { nimblePublish: { enabled: true, hookAuth: { allowFrom: ['10.0.0.0/33'] } } } }, {})
    await buildApp({ config: { ...config, log: { level: 'silent' } } })
  }, /adapters\.nimblePublish\.hookAuth\.allowFrom: "10\.0\.0\.0\/33" is not an IP address or CIDR/)
  const tooShort = 'tooshort-secret'
  let message = ''
  try {
    resolveConfig({ ...(oneChain([]) as object), adapters: { nginxRtmp: { hookAuth: { secret: tooShort } } } }, {})
  } catch (err) {
    message = (err as Error).message
  }
  t.match(message, /adapters\/nginxRtmp\/hookAuth\/secret: must NOT have fewer than 16 characters/)
  t.notOk(message.includes(tooShort), 'the message leaves the secret out')
})
