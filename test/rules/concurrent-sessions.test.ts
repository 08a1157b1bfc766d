import { setTimeout as sleep } from 'node:timers/promises'
import pino from 'pino'
import t, { type Test } from 'tap'
import type { AccessRequest } from '../../src/core/access-request.js'
import { ownersKey, Sessions } from '../../src/paywall/sessions.js'
import { RedisStore } from '../../src/stores/redis.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'
import { redisStoreConfig } from '../redis-helpers.js'

const play = (viewer: string, session: string, stream = 'stream') => nimbleBody({ url: `/live/${stream}/playlist.m3u8?viewer=${viewer}`, session_id: session })

/** A hundred requests in flight in one process keep its event loop busy past 50 ms; these tests are about atomicity. */
const PATIENT = { timeoutMs: 2000 }

async function setup (t: Test, options: Record<string, unknown>, store?: unknown) {
  const config = oneChain([{ rule: 'concurrent-sessions', options: { viewer: { from: 'query', name: 'viewer' }, onAdmitted: 'allow', ...options } }]) as Record<string, unknown>
  const built = await buildTestApp(t, store === undefined ? config : { ...config, store })
  return { ...built, sessions: new Sessions(built.app.store) }
}

t.test('at most limit sessions per viewer; a live session re-authorizes; ending one frees its place', async t => {
  const { app, sessions, logs } = await setup(t, { limit: 2 })
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  t.equal((await nimble(app, play('alice', 's2', 'other'))).status, 200)
  t.equal((await nimble(app, play('alice', 's3'))).status, 403)
  t.equal((await nimble(app, play('alice', 's1'))).status, 200, 'a held session is never refused')
  t.equal((await nimble(app, play('bob', 's3'))).status, 200, 'another viewer counts apart')
  t.same((await sessions.list('alice')).map(l => l.member).sort(), ['s1', 's2'])
  t.equal(await sessions.end('alice', 's2'), true)
  t.equal((await nimble(app, play('alice', 's3'))).status, 200)
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason),
    ['session-admitted', 'session-admitted', 'session-limit', 'session-admitted', 'session-admitted', 'session-admitted'])
})

t.test('per stream, each stream has its own limit', async t => {
  const { app } = await setup(t, { limit: 1, perStream: true })
  t.equal((await nimble(app, play('alice', 's1', 'a'))).status, 200)
  t.equal((await nimble(app, play('alice', 's2', 'b'))).status, 200)
  t.equal((await nimble(app, play('alice', 's3', 'a'))).status, 403)
})

t.test('a session that stops re-authorizing loses its place after the heartbeat', async t => {
  const { app } = await setup(t, { limit: 1, heartbeatSeconds: 1 })
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  t.equal((await nimble(app, play('alice', 's2'))).status, 403)
  await sleep(1100)
  t.equal((await nimble(app, play('alice', 's2'))).status, 200)
})

t.test('a kicked session is refused for the ban, and its place is free', async t => {
  const { app, sessions } = await setup(t, { limit: 1, onLimit: { redirect: '/live/full/playlist.m3u8' } })
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  t.equal(await sessions.kick('alice', 's1', 60_000), true)
  const kicked = await nimble(app, play('alice', 's1'))
  t.equal(kicked.body.redirect_location, 'http://media.example.com/live/full/playlist.m3u8')
  t.equal((await nimble(app, play('alice', 's2'))).status, 200, 'the kicked session holds no place')
})

t.test('a dry run counts nothing; a missing session id gets onUnidentified', async t => {
  const { app, sessions } = await setup(t, { limit: 1 })
  const request = { action: 'play' as const, protocol: 'HLS', host: 'h', url: { href: 'http://h/live/s?viewer=alice', path: '/live/s', app: 'live', stream: 's', query: { viewer: 'alice' } }, ip: '192.0.2.1', userAgent: '', referer: '', sessionId: 's1', raw: {} }
  t.equal((await app.authorize(request, { adapter: 'test', log: app.log, dryRun: true })).outcome, 'allow')
  t.same(await sessions.list('alice'), [])
  await sessions.admit('alice', 'other', 1, 60_000)
  t.equal((await app.authorize(request, { adapter: 'test', log: app.log, dryRun: true })).outcome, 'deny')
  t.equal((await nimble(app, play('bob', ''))).status, 403)
})

t.test('limit is required and bounded', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'concurrent-sessions', options: {} }])), /must have required property 'limit'/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'concurrent-sessions', options: { limit: 0 } }])), /limit: must be >= 1/)
})

t.test('against Redis: 200 parallel authorizations of one viewer admit exactly the limit', async t => {
  const { app, sessions } = await setup(t, { limit: 5, ...PATIENT }, redisStoreConfig(t, { commandTimeout: 2000 }))
  const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) => await nimble(app, play('alice', `s${i}`))))
  t.equal(answers.filter(a => a.status === 200).length, 5)
  t.equal((await sessions.list('alice')).length, 5)
})

t.test('against Redis: two instances keep one count', async t => {
  const store = redisStoreConfig(t, { commandTimeout: 2000 })
  const [one, two] = await Promise.all([setup(t, { limit: 3, ...PATIENT }, store), setup(t, { limit: 3, ...PATIENT }, store)])
  const answers = await Promise.all(Array.from({ length: 40 }, async (_, i) => await nimble(i % 2 === 0 ? one.app : two.app, play('alice', `s${i}`))))
  t.equal(answers.filter(a => a.status === 200).length, 3)
  const admitted = (await one.sessions.list('alice')).map(l => l.member)
  t.equal(admitted.length, 3)
  t.equal((await nimble(two.app, play('alice', admitted[0] ?? ''))).status, 200, 'a session admitted by one instance renews on the other')
})

/** What a media server's `*_done` hook carries: the stream and the session, and the viewer's identity or none. */
const done = (stream: string, session: string, viewer?: string): AccessRequest => ({
  action: 'play', protocol: 'RTMP', host: 'h', url: { href: `rtmp://h/live/${stream}`, path: `/live/${stream}`, app: 'live', stream, query: viewer === undefined ? {} : { viewer } },
  ip: '192.0.2.1', userAgent: '', referer: '', sessionId: session, raw: {}
})

for (const where of ['in memory', 'on Redis']) {
  t.test(`${where}: another viewer reusing a session's id cannot keep it from ending; a refused one is not its owner`, async t => {
    const { app, sessions } = await setup(t, { limit: 1 }, where === 'on Redis' ? redisStoreConfig(t) : undefined)
    t.equal((await nimble(app, play('alice', 's1'))).status, 200)
    t.equal((await nimble(app, play('mallory', 's1'))).status, 200, 'mallory is admitted with alice\'s session id...')
    t.equal((await nimble(app, play('mallory', 's1'))).status, 200, '...and renews it after her')
    t.equal((await nimble(app, play('trudy', 't0'))).status, 200)
    t.equal((await nimble(app, play('trudy', 's1'))).status, 403, 'trudy, at her limit, is refused with it')
    await app.endSession(done('other', 's1'), { log: app.log })
    t.same((await sessions.list('alice')).map(l => l.member), ['s1'], 'the same id on another stream is another session')
    await app.endSession(done('stream', 's1'), { log: app.log })
    t.same(await sessions.list('alice'), [], 'alice\'s session ended: her place is free')
    t.same(await sessions.list('mallory'), [], 'and so did mallory\'s')
    t.same((await sessions.list('trudy')).map(l => l.member), ['t0'], 'trudy keeps the session she holds')
  })
}

for (const where of ['in memory', 'on Redis']) {
  t.test(`${where}: a ':' in a stream name or a session id does not make two sessions' owners one`, async t => {
    const { app, sessions } = await setup(t, { limit: 1 }, where === 'on Redis' ? redisStoreConfig(t) : undefined)
    t.equal((await nimble(app, play('xena', '1:2', 'a'))).status, 200)
    t.equal((await nimble(app, play('yuri', '2', 'a:1'))).status, 200)
    await app.endSession(done('a:1', '2'), { log: app.log })
    t.same(await sessions.list('yuri'), [], 'yuri\'s session ended')
    t.same((await sessions.list('xena')).map(l => l.member), ['1:2'], 'xena\'s, on another stream, did not')
    await app.endSession(done('a', '1:2'), { log: app.log })
    t.same(await sessions.list('xena'), [], 'and xena\'s ends at her own done hook')
  })
}

for (const where of ['in memory', 'on Redis']) {
  t.test(`${where}: a done hook that names its viewer ends that viewer's session only, not another's of the same id`, async t => {
    const { app, sessions } = await setup(t, { limit: 1 }, where === 'on Redis' ? redisStoreConfig(t) : undefined)
    t.equal((await nimble(app, play('bob', 's7'))).status, 200, 'bob plays as session s7')
    t.equal((await nimble(app, play('alice', 's7'))).status, 200, 'alice too (another server numbering its sessions alike)')
    await app.endSession(done('stream', 's7', 'alice'), { log: app.log })
    t.same(await sessions.list('alice'), [], 'alice\'s place is free')
    t.same((await sessions.list('bob')).map(l => l.member), ['s7'], 'bob, still playing, keeps his')
    t.equal((await nimble(app, play('bob', 's8'))).status, 403, 'so a second session of bob is over his limit of 1')
    t.same(Object.keys(await app.store.hgetall(ownersKey('live/stream', 's7'))), ['bob'], 'alice is no longer noted among the session\'s owners')
    await app.endSession(done('stream', 's7'), { log: app.log })
    t.same(await sessions.list('bob'), [], 'a hook naming no viewer ends the owners\' sessions')
  })
}

const ICECAST_SECRET = 'icecast-hook-secret-for-tests'

t.test('Icecast: listeners of two servers with the same number are two sessions', async t => {
  const { app } = await buildTestApp(t, {
    adapters: { icecast: { enabled: true, hookAuth: { secret: ICECAST_SECRET } } },
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: {} }], default: 'deny' },
      { name: 'radio', match: { action: 'play' }, rules: [{ rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' }, onAdmitted: 'allow' } }], default: 'deny' }
    ]
  })
  const sessions = new Sessions(app.store)
  const hook = async (action: string, server: string, client: string, viewer: string) => (await app.inject({
    method: 'POST',
    url: `/icecast/auth?secret=${ICECAST_SECRET}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ action, server, port: '8000', client, mount: `/live.mp3?viewer=${viewer}`, ip: '198.51.100.7', agent: 'p' }).toString()
  })).statusCode
  t.equal(await hook('listener_add', 'edge1.example', '7', 'bob'), 200, 'bob listens on edge1 as client 7')
  t.equal(await hook('listener_add', 'edge2.example', '7', 'bob'), 403, 'a second listener on edge2, also client 7, is over his limit of 1')
  t.equal(await hook('listener_add', 'edge2.example', '7', 'alice'), 200, 'alice listens on edge2 as client 7')
  t.equal(await hook('listener_remove', 'edge2.example', '7', 'alice'), 200, 'alice leaves')
  t.same((await sessions.list('bob')).map(l => l.member), ['edge1.example:8000:7'], 'bob keeps his place')
  t.equal(await hook('listener_remove', 'edge1.example', '7', 'bob'), 200, 'bob leaves')
  t.same(await sessions.list('bob'), [], 'and his place is free')
})

t.test('against Redis: a kick racing renewals from another instance never leaves the kicked session a place', async t => {
  const config = redisStoreConfig(t, { commandTimeout: 2000 })
  const [kicker, player] = [new RedisStore(config, pino({ level: 'silent' })), new RedisStore(config, pino({ level: 'silent' }))]
  t.teardown(async () => { await Promise.all([kicker.close(), player.close()]) })
  const [admin, viewer] = [new Sessions(kicker), new Sessions(player)]
  for (let round = 0; round < 20; round++) {
    const session = `s${round}`
    await viewer.admit('alice', session, 100, 60_000)
    const renewals = Array.from({ length: 20 }, async () => await viewer.admit('alice', session, 100, 60_000))
    const kicked = admin.kick('alice', session, 60_000)
    // one connection's calls run in the order they were sent: once one is refused, all later ones are
    const answers = (await Promise.all(renewals)).map(a => a.banned === true ? 'kicked' : a.acquired ? 'admitted' : 'limit')
    t.equal(await kicked, true, `round ${round}: the kick ended a live session`)
    t.same(answers, [...answers.filter(a => a === 'admitted'), ...answers.filter(a => a === 'kicked')], `round ${round}: admitted until the kick, refused after`)
    t.notOk((await viewer.list('alice')).some(l => l.member === session), `round ${round}: no place left to the kicked session`)
  }
})
