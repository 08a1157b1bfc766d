import t from 'tap'
import { buildTestApp, nimble } from '../../helpers.js'
import { call, consoleConfig, refusedViewer, signIn } from './helpers.js'

/** Each hook on a connection of its own, as separate publishers are (one stream per nginx-rtmp connection). */
let connections = 0

const nginxRtmp = { adapters: { nimble: { enabled: true }, nginxRtmp: { enabled: true } } }

t.test('stream keys: a key is shown once, when issued, and never logged; every change is audited', async t => {
  const { app, logs } = await buildTestApp(t, consoleConfig(nginxRtmp))
  const cookie = await signIn(app)
  const created = await call(app, cookie, 'POST', '/console/api/streams/studio')
  t.equal(created.statusCode, 201)
  const { key } = created.json<{ key: string }>()
  t.ok(key.length >= 20)
  t.equal((await call(app, cookie, 'POST', '/console/api/streams/studio')).statusCode, 409, 'a second create does not show it again')

  const publish = async (name: string) => (await app.inject({
    method: 'POST',
    url: '/nginx-rtmp',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ call: 'publish', app: 'live', name, addr: '198.51.100.20', clientid: String(++connections), tcurl: 'rtmp://127.0.0.1/live' }).toString()
  })).statusCode
  t.equal(await publish(key), 302, 'the key publishes (renamed to its stream)')

  const list = await call(app, cookie, 'GET', '/console/api/streams')
  t.match(list.json(), { streams: [{ name: 'studio', hasKey: true, banned: false, live: true, publisherIp: '198.51.100.20' }] })
  t.notMatch(list.body, key, 'the list never holds the key')

  const rotated = await call(app, cookie, 'POST', '/console/api/streams/studio/rotate')
  const next = rotated.json<{ key: string }>().key
  t.not(next, key)
  t.equal(await publish(key), 403, 'the old key is refused at once')
  t.equal(await publish(next), 302)

  t.equal((await call(app, cookie, 'POST', '/console/api/streams/studio/ban')).statusCode, 204)
  t.equal(await publish(next), 403, 'banned')
  t.equal((await call(app, cookie, 'POST', '/console/api/streams/studio/unban')).statusCode, 204)
  t.equal((await call(app, cookie, 'POST', '/console/api/streams/studio/revoke')).statusCode, 204)
  t.equal(await publish(next), 403, 'revoked')
  t.match((await call(app, cookie, 'GET', '/console/api/streams')).json(), { streams: [{ name: 'studio', hasKey: false }] })

  t.equal((await call(app, cookie, 'POST', '/console/api/streams/nobody/rotate')).statusCode, 404)
  t.equal((await call(app, cookie, 'POST', '/console/api/streams/..%2F..%2Fetc/rotate')).statusCode, 400, 'names are checked')

  const text = logs.text()
  t.notMatch(text, key, 'no key in the log')
  t.notMatch(text, next)
  const actions = logs.lines.filter(l => l.msg === 'console action').map(l => [l.action, l.stream].filter(Boolean).join(' '))
  t.same(actions, ['sign-in', 'stream-key-create studio', 'stream-key-rotate studio', 'stream-key-ban studio', 'stream-key-unban studio', 'stream-key-revoke studio'])
})

t.test('viewers: grant, top up, end and kick a session, with the paywall state the rules read', async t => {
  const { app, logs } = await buildTestApp(t, consoleConfig())
  const cookie = await signIn(app)
  const viewer = '/console/api/viewers/acct-42'
  t.match((await call(app, cookie, 'GET', viewer)).json(), { viewer: 'acct-42', entitlements: [], balance: { seconds: 0, bytes: 0 }, sessions: { sessions: [] } })

  const granted = await call(app, cookie, 'POST', `${viewer}/entitlements`, { stream: 'live/final', expiresAt: '2099-01-01T00:00:00.000Z' })
  t.equal(granted.statusCode, 200)
  t.match(granted.json(), { entitlements: [{ stream: 'live/final', expiresAt: '2099-01-01T00:00:00.000Z' }] })
  t.equal((await call(app, cookie, 'POST', `${viewer}/entitlements`, { stream: 'live/a', glob: 'live/*' })).statusCode, 400, 'exactly one target')

  t.match((await call(app, cookie, 'POST', `${viewer}/balance`, { seconds: 3600 })).json(), { balance: { seconds: 3600 } })
  t.equal((await call(app, cookie, 'POST', `${viewer}/balance`, { seconds: '60' })).statusCode, 400, 'a number as a string is refused')
  t.equal((await call(app, cookie, 'POST', `${viewer}/balance`, { seconds: 60, extra: 1 })).statusCode, 400, 'unknown properties are refused')

  await app.store.acquireLease('ses:{acct-42}', 'session-1', 5, 60_000)
  await app.store.acquireLease('ses:{acct-42}', 'session-2', 5, 60_000)
  t.match((await call(app, cookie, 'GET', viewer)).json(), { sessions: { sessions: [{ session: 'session-1' }, { session: 'session-2' }] } })
  t.equal((await call(app, cookie, 'DELETE', `${viewer}/sessions/session-1`)).statusCode, 204)
  t.equal((await call(app, cookie, 'DELETE', `${viewer}/sessions/session-2?banSeconds=600`)).statusCode, 204)
  t.equal((await call(app, cookie, 'DELETE', `${viewer}/sessions/session-2`)).statusCode, 404, 'already over')
  t.equal(await app.store.get('kick:{acct-42}:session-2'), '1', 'the kicked session is refused for a while')
  t.match((await call(app, cookie, 'GET', viewer)).json(), { sessions: { sessions: [] } })
  // counted per stream, its place is not among the viewer's: the ban alone ends it, at its next authorization
  await app.store.acquireLease('ses:{acct-42}:live/final', 'session-3', 5, 60_000)
  t.equal((await call(app, cookie, 'DELETE', `${viewer}/sessions/session-3?banSeconds=600`)).statusCode, 204, 'a kick is done once its ban is in place')
  t.equal(await app.store.get('kick:{acct-42}:session-3'), '1')

  const actions = logs.lines.filter(l => l.msg === 'console action').map(l => l.action)
  t.same(actions, ['sign-in', 'entitlement-grant', 'balance-top-up', 'session-end', 'session-kick', 'session-end', 'session-kick'])
  t.match(logs.lines.find(l => l.action === 'session-kick'), { viewer: 'acct-42', session: 'session-2', banSeconds: 600, subject: 'admin-token' })
})

t.test('a store that fails gives 503 with a message, never a crash', async t => {
  const { app } = await buildTestApp(t, consoleConfig())
  const cookie = await signIn(app)
  app.store.hgetall = async () => { throw new Error('connection lost') }
  const res = await call(app, cookie, 'POST', '/console/api/streams/studio')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { error: 'store-unavailable' })
})

t.test('explain and counts', async t => {
  const { app, logs } = await buildTestApp(t, consoleConfig())
  const cookie = await signIn(app)
  const explained = await call(app, cookie, 'POST', '/console/api/explain', { adapter: 'nimble', message: refusedViewer })
  t.equal(explained.statusCode, 200)
  t.match(explained.json(), { decision: { outcome: 'deny', rule: 'ip-range', reason: 'ip-denied' }, trace: [{ rule: 'ip-range', outcome: 'deny', reason: 'ip-denied' }] })
  t.match((await call(app, cookie, 'POST', '/console/api/explain', { adapter: 'pigeon', message: {} })).json(), { error: 'unknown-adapter', message: /known: nimble/ })
  t.equal((await call(app, cookie, 'POST', '/console/api/explain', { message: {} })).statusCode, 400)
  t.match(logs.lines.find(l => l.action === 'explain'), { adapter: 'nimble' })

  t.same((await call(app, cookie, 'GET', '/console/api/counts')).json<{ buckets: unknown[] }>().buckets, [], 'explain is no decision: nothing counted')
  await nimble(app, refusedViewer)
  await nimble(app, refusedViewer)
  await nimble(app, { ...refusedViewer, ip: '198.51.100.7' })
  const counts = (await call(app, cookie, 'GET', '/console/api/counts')).json<{ bucketSeconds: number, buckets: Array<{ counts: Array<{ outcome: string, reason: string, count: number }> }> }>()
  t.equal(counts.bucketSeconds, 10)
  const all = counts.buckets.flatMap(b => b.counts)
  t.equal(all.filter(c => c.outcome === 'deny' && c.reason === 'ip-denied').reduce((n, c) => n + c.count, 0), 2)
  t.equal(all.filter(c => c.outcome === 'allow').reduce((n, c) => n + c.count, 0), 1)
})
