import t, { type Test } from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../../helpers.js'
import { PrivateRedis } from '../../redis-helpers.js'

const TOKEN = 'admin-secret-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }

async function setup (t: Test, extra: Record<string, unknown> = {}) {
  return await buildTestApp(t, {
    ...oneChain([
      { rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' } } },
      { rule: 'pay-per-view', options: { viewer: { from: 'query', name: 'viewer' }, onEntitled: 'abstain', onNotEntitled: 'abstain' } },
      { rule: 'pay-per-minute', options: { viewer: { from: 'query', name: 'viewer' } } }
    ]) as object,
    admin: { enabled: true, token: TOKEN },
    ...extra
  })
}

t.test('without the bearer token nothing is answered, and the token is never logged', async t => {
  const { app, logs } = await setup(t)
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
    const res = await app.inject({ method: 'GET', url: '/admin/viewers/alice/balance', headers })
    t.equal(res.statusCode, 401)
    t.equal(res.headers['www-authenticate'], 'Bearer')
  }
  t.equal((await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', payload: { seconds: 60 } })).statusCode, 401, 'no write without auth')
  t.equal((await app.inject({ method: 'GET', url: '/admin/viewers/alice/balance', headers: auth })).statusCode, 200)
  t.notMatch(logs.text(), TOKEN)
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'other routes need no admin token')
})

t.test('entitlements: grant, list, revoke', async t => {
  const { app } = await setup(t)
  const granted = await app.inject({ method: 'POST', url: '/admin/viewers/alice/entitlements', headers: auth, payload: { glob: 'live/*', expiresAt: '2999-01-01T00:00:00Z' } })
  t.equal(granted.statusCode, 201)
  t.same(granted.json(), { glob: 'live/*', expiresAt: '2999-01-01T00:00:00.000Z' })
  await app.inject({ method: 'POST', url: '/admin/viewers/alice/entitlements', headers: auth, payload: { event: 'final' } })
  await app.inject({ method: 'POST', url: '/admin/viewers/alice/entitlements', headers: auth, payload: { stream: 'old/one', expiresAt: '2000-01-01T00:00:00Z' } })
  const list = await app.inject({ method: 'GET', url: '/admin/viewers/alice/entitlements', headers: auth })
  t.same(list.json(), { viewer: 'alice', entitlements: [{ glob: 'live/*', expiresAt: '2999-01-01T00:00:00.000Z' }, { event: 'final' }] }, 'the expired one is gone')
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/entitlements?event=final', headers: auth })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/entitlements?event=final', headers: auth })).statusCode, 404)
})

t.test('a grant over a longer entitlement to the same target leaves it, and answers the one held', async t => {
  const { app } = await setup(t)
  const grant = async (payload: object) => await app.inject({ method: 'POST', url: '/admin/viewers/alice/entitlements', headers: auth, payload })
  t.same((await grant({ stream: 'live/final' })).json(), { stream: 'live/final' })
  const dayPass = await grant({ stream: 'live/final', expiresAt: '2999-01-01T00:00:00Z' })
  t.same([dayPass.statusCode, dayPass.json()], [201, { stream: 'live/final' }], 'a pass with an expiry does not shorten one that never expires')
  t.same((await app.inject({ method: 'GET', url: '/admin/viewers/alice/entitlements', headers: auth })).json(), { viewer: 'alice', entitlements: [{ stream: 'live/final' }] })
})

t.test('bad admin requests are 400 with a reason', async t => {
  const { app } = await setup(t)
  const post = async (payload: unknown) => await app.inject({ method: 'POST', url: '/admin/viewers/alice/entitlements', headers: auth, payload: payload as object })
  t.equal((await post({})).statusCode, 400)
  t.equal((await post({ stream: 'a/b', glob: 'a/*' })).statusCode, 400, 'one target only')
  t.equal((await post({ stream: 'a/b', expiresAt: 'tomorrow' })).statusCode, 400)
  t.equal((await post({ stream: 'live/final' })).statusCode, 201)
  const leap = await post({ stream: 'live/final', expiresAt: '2030-06-30T23:59:60Z' })
  t.match({ status: leap.statusCode, body: leap.json<unknown>() }, { status: 400, body: { message: /date-time/ } }, 'a leap second is RFC 3339 but no instant JavaScript can read')
  t.same((await app.inject({ method: 'GET', url: '/admin/viewers/alice/entitlements', headers: auth })).json(), { viewer: 'alice', entitlements: [{ stream: 'live/final' }] }, 'and leaves the grant it would have replaced')
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/entitlements', headers: auth })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 0 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 1.5 } })).statusCode, 400)
  const typed = await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 'lots' } })
  t.equal(typed.statusCode, 400)
  t.match(typed.json(), { error: 'FST_ERR_VALIDATION', message: /seconds/ })
  const text = await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: '60' } })
  t.same([text.statusCode, text.json()], [400, { error: 'FST_ERR_VALIDATION', message: 'body/seconds: must be integer' }], 'a number sent as text is refused, not coerced')
  const extra = await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 60, bonus: 1 } })
  t.same([extra.statusCode, extra.json()], [400, { error: 'FST_ERR_VALIDATION', message: 'body: must NOT have additional properties (bonus)' }], 'an unknown property is refused, not dropped')
  const extraTarget = await app.inject({ method: 'POST', url: '/admin/viewers/alice/entitlements', headers: auth, payload: { stream: 'a/b', until: 'never' } })
  t.match([extraTarget.statusCode, extraTarget.json()], [400, { message: /additional properties \(until\)/ }])
  const extraQuery = await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/sessions/s1?banSeconds=60&forever=1', headers: auth })
  t.match([extraQuery.statusCode, extraQuery.json()], [400, { message: /querystring: must NOT have additional properties \(forever\)/ }])
  t.same((await app.inject({ method: 'GET', url: '/admin/viewers/alice/balance', headers: auth })).json(), { viewer: 'alice', seconds: 0, bytes: 0 }, 'nothing refused was applied')
  const long = await app.inject({ method: 'GET', url: `/admin/viewers/${'x'.repeat(300)}/balance`, headers: auth })
  t.equal(long.statusCode, 414, 'Fastify refuses path parameters over 100 characters')
})

t.test('balances: top up, take back, read; usage resets', async t => {
  const { app } = await setup(t)
  const topUp = await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 120 } })
  t.same(topUp.json(), { viewer: 'alice', seconds: 120, bytes: 0 })
  t.equal((await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: 'a1' }))).status, 200, 'pay-per-minute uses the balance')
  t.same((await app.inject({ method: 'GET', url: '/admin/viewers/alice/balance', headers: auth })).json(), { viewer: 'alice', seconds: 60, bytes: 0 })
  await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: -60 } })
  t.equal((await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: 'a2' }))).status, 403)
  await app.store.incrBy('bytes:{alice}', 500)
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/usage', headers: auth })).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: '/admin/viewers/alice/balance', headers: auth })).json<{ bytes: number }>().bytes, 0)
})

t.test('sessions: list, end, kick with a ban', async t => {
  const { app } = await setup(t)
  await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 600 } })
  const play = async (session: string) => (await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: session }))).status
  t.equal(await play('s1'), 200)
  t.equal(await play('s2'), 403, 'limit 1')
  const list = (await app.inject({ method: 'GET', url: '/admin/viewers/alice/sessions', headers: auth })).json<{ sessions: Array<{ session: string, expiresAt: string }> }>()
  t.same(list.sessions.map(s => s.session), ['s1'])
  t.ok(Date.parse(list.sessions[0]?.expiresAt ?? '') > Date.now())
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/sessions/s1', headers: auth })).statusCode, 204, 'ended, as a *_done hook would')
  t.equal(await play('s2'), 200)
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/sessions/s2?banSeconds=600', headers: auth })).statusCode, 204, 'kicked')
  t.equal(await play('s2'), 403, 'a kicked session cannot come back')
  t.equal(await play('s3'), 200, 'its place is free')
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/viewers/alice/sessions/nope', headers: auth })).statusCode, 404)
  t.same((await app.inject({ method: 'GET', url: '/admin/viewers/alice/sessions?stream=live/s', headers: auth })).json(), { viewer: 'alice', stream: 'live/s', sessions: [] }, 'per-stream sessions are counted apart')
})

t.test('a kick without the stream of a session counted per stream answers 204, and the session is refused at its next heartbeat', async t => {
  const { app, logs } = await buildTestApp(t, {
    ...oneChain([{ rule: 'concurrent-sessions', options: { limit: 1, perStream: true, viewer: { from: 'query', name: 'viewer' }, onAdmitted: 'allow' } }]) as object,
    admin: { enabled: true, token: TOKEN }
  })
  const play = async (session: string) => (await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: session }))).status
  const remove = async (url: string) => (await app.inject({ method: 'DELETE', url: `/admin/viewers/alice/sessions/${url}`, headers: auth })).statusCode
  t.equal(await play('s1'), 200)
  t.equal(await remove('s1'), 404, 'ended without the stream: no place counted per viewer, nothing done')
  t.equal(await remove('s1?banSeconds=600'), 204, 'kicked: the ban is in place')
  t.equal(await play('s1'), 403, 'the session is refused at its next heartbeat')
  t.equal(logs.lines.filter(l => l.msg === 'decision').at(-1)?.reason, 'session-kicked')
  t.equal(await play('s2'), 200, 'and its place went with it')
  t.equal(await remove('s2?stream=live/s'), 204, 'with the stream, a place counted per stream is ended at once')
  t.equal(await remove('never-seen?banSeconds=60'), 204, 'a kick bans a session that holds no place too')
  t.equal(await play('never-seen'), 403)
})

t.test('the admin API is off by default and needs a token when on', async t => {
  const { app } = await buildTestApp(t, oneChain([]))
  t.equal((await app.inject({ method: 'GET', url: '/admin/viewers/alice/balance', headers: auth })).statusCode, 404)
  await t.rejects(buildTestApp(t, { ...oneChain([]) as object, admin: { enabled: true } }), /admin: must have required property 'token'/)
  await t.rejects(buildTestApp(t, { ...oneChain([]) as object, admin: { enabled: true, token: 'short' } }), /admin\/token: must NOT have fewer than 16 characters/)
})

t.test('with Redis down the admin API answers 503, not 500', async t => {
  const redis = await PrivateRedis.start(t)
  const { app } = await setup(t, { store: redis.storeConfig() })
  await redis.stop()
  const res = await app.inject({ method: 'POST', url: '/admin/viewers/alice/balance', headers: auth, payload: { seconds: 60 } })
  t.equal(res.statusCode, 503)
  t.same(res.json(), { error: 'store-unavailable' })
})
