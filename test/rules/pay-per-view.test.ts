import t, { type Test } from 'tap'
import { defineRule } from '../../src/core/rule.js'
import { abstain } from '../../src/core/decision.js'
import { Entitlements } from '../../src/paywall/entitlements.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const viewerFromQuery = { viewer: { from: 'query', name: 'viewer' } }
const play = (stream: string, viewer?: string) =>
  nimbleBody({ url: `http://media.example.com/${stream}/playlist.m3u8${viewer === undefined ? '' : `?viewer=${viewer}`}` })

async function setup (t: Test, options: Record<string, unknown> = {}, extra: Parameters<typeof buildTestApp>[2] = {}) {
  const built = await buildTestApp(t, oneChain([{ rule: 'pay-per-view', options: { ...viewerFromQuery, ...options } }]), extra)
  return { ...built, entitlements: new Entitlements(built.app.store) }
}

t.test('a viewer entitled to the stream, a glob or an event is allowed; others are denied', async t => {
  const { app, entitlements, logs } = await setup(t, { events: { final: ['sports/final*'] } })
  await entitlements.grant('alice', { target: { stream: 'live/stream' } })
  await entitlements.grant('bob', { target: { glob: 'movies/*' } })
  await entitlements.grant('carol', { target: { event: 'final' } })
  t.equal((await nimble(app, play('live/stream', 'alice'))).status, 200)
  t.equal((await nimble(app, play('live/other', 'alice'))).status, 403, 'one stream, not the app')
  t.equal((await nimble(app, play('movies/heat', 'bob'))).status, 200)
  t.equal((await nimble(app, play('live/heat', 'bob'))).status, 403)
  t.equal((await nimble(app, play('sports/final-hd', 'carol'))).status, 200)
  t.equal((await nimble(app, play('sports/semi', 'carol'))).status, 403, 'a stream outside the event')
  t.equal((await nimble(app, play('live/stream', 'mallory'))).status, 403)
  const reasons = logs.lines.filter(l => l.msg === 'decision').map(l => l.reason)
  t.same(reasons, ['entitled', 'not-entitled', 'entitled', 'not-entitled', 'entitled', 'not-entitled', 'not-entitled'])
})

t.test('an expired entitlement no longer counts and is dropped', async t => {
  const { app, entitlements } = await setup(t)
  await entitlements.grant('alice', { target: { stream: 'live/stream' }, expiresAt: Date.now() + 60_000 })
  await entitlements.grant('alice', { target: { glob: 'live/*' }, expiresAt: Date.now() - 1 })
  t.equal((await nimble(app, play('live/stream', 'alice'))).status, 200)
  t.equal((await nimble(app, play('live/other', 'alice'))).status, 403)
  t.same((await entitlements.list('alice')).map(e => e.target), [{ stream: 'live/stream' }])
  t.equal(await entitlements.revoke('alice', { stream: 'live/stream' }), true)
  t.equal((await nimble(app, play('live/stream', 'alice'))).status, 403, 'revoked')
  t.equal(await entitlements.revoke('alice', { stream: 'live/stream' }), false)
})

t.test('not entitled can redirect to a purchase stream; no viewer gets onUnidentified', async t => {
  const { app } = await setup(t, { onNotEntitled: { redirect: '/live/buy/playlist.m3u8' }, onUnidentified: { redirect: '/live/login/playlist.m3u8' } })
  const bought = await nimble(app, play('live/stream', 'nobody'))
  t.equal(bought.status, 302)
  t.equal(bought.body.redirect_location, 'http://media.example.com/live/buy/playlist.m3u8')
  t.equal((await nimble(app, play('live/stream'))).body.redirect_location, 'http://media.example.com/live/login/playlist.m3u8')
  t.equal((await nimble(app, play('live/stream', 'x'.repeat(300)))).body.redirect_location, 'http://media.example.com/live/login/playlist.m3u8', 'an absurdly long id is no id')
})

t.test('a viewer id set by an earlier rule wins over the query', async t => {
  const fromToken = defineRule<Record<string, never>>({
    id: 'test-token',
    optionsSchema: { type: 'object' },
    create: () => ({
      evaluate (request) {
        const token = request.url.query.token
        return abstain('no-opinion', token === undefined ? undefined : { subject: token })
      }
    })
  })
  const { app, entitlements } = await buildTestApp(t, oneChain([{ rule: 'test-token' }, { rule: 'pay-per-view', options: viewerFromQuery }]), { rules: [fromToken] })
    .then(built => ({ ...built, entitlements: new Entitlements(built.app.store) }))
  await entitlements.grant('alice', { target: { stream: 'live/stream' } })
  t.equal((await nimble(app, nimbleBody({ url: '/live/stream/playlist.m3u8?token=alice&viewer=mallory' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ url: '/live/stream/playlist.m3u8?token=mallory&viewer=alice' }))).status, 403)
})

t.test('options are checked at boot', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'pay-per-view', options: { viewer: { from: 'query' } } }])), /viewer: must have required property 'name'/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'pay-per-view', options: { events: { e: 'live/*' } } }])), /events\/e: must be array/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'pay-per-view', options: { timeoutMs: 0 } }])), /timeoutMs: must be >= 1/)
})

t.test('the decision lasts until the entitlement expires (none for one that never does)', async t => {
  const { app, entitlements, logs } = await setup(t)
  await entitlements.grant('alice', { target: { stream: 'live/stream' }, expiresAt: Date.now() + 90_500 })
  await entitlements.grant('bob', { target: { stream: 'live/stream' } })
  t.equal((await nimble(app, play('live/stream', 'alice'))).status, 200)
  const timed = logs.lines.filter(l => l.msg === 'decision').at(-1)
  t.match(timed, { reason: 'entitled' })
  t.notOk(timed?.subject, 'an id read from the query is no subject: a client sent it, and it may be a credential')
  t.ok(Number(timed?.lifetime) >= 89 && Number(timed?.lifetime) <= 90, `about 90 s left: ${String(timed?.lifetime)}`)
  t.equal((await nimble(app, play('live/stream', 'bob'))).status, 200)
  const lasting = logs.lines.filter(l => l.msg === 'decision').at(-1)
  t.match(lasting, { reason: 'entitled' })
  t.notOk('lifetime' in (lasting ?? {}), 'no lifetime')
  t.equal((await nimble(app, play('live/stream', 'mallory'))).status, 403)
  t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { reason: 'not-entitled' })
})
