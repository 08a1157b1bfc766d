import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Balances } from '../../src/paywall/balances.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'
import { redisStoreConfig } from '../redis-helpers.js'

/** A hundred requests in flight in one process keep its event loop busy past 50 ms; these tests are about atomicity. */
const PATIENT = { timeoutMs: 2000 }

const play = (viewer: string | undefined, session: string) => nimbleBody({
  url: `/live/stream/playlist.m3u8${viewer === undefined ? '' : `?viewer=${viewer}`}`,
  session_id: session
})

async function setup (t: Test, options: Record<string, unknown> = {}, store?: unknown) {
  const config = oneChain([{ rule: 'pay-per-minute', options: { viewer: { from: 'query', name: 'viewer' }, ...options } }]) as Record<string, unknown>
  const built = await buildTestApp(t, store === undefined ? config : { ...config, store })
  return { ...built, balances: new Balances(built.app.store) }
}

t.test('each new window of a session takes one window from the balance; re-authorizations within it are free', async t => {
  const { app, balances, logs } = await setup(t)
  await balances.topUp('alice', 150)
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  t.equal((await balances.read('alice')).seconds, 90)
  t.equal((await nimble(app, play('alice', 's1'))).status, 200, 'a key fetch within the window')
  t.equal((await balances.read('alice')).seconds, 90, 'was free')
  t.equal((await nimble(app, play('alice', 's2'))).status, 200, 'another session pays its own window')
  t.equal((await balances.read('alice')).seconds, 30)
  t.equal((await nimble(app, play('alice', 's3'))).status, 403, 'too little left for a window')
  t.equal((await nimble(app, play('alice', 's1'))).status, 200, 'a paid window stays open when the balance is low')
  t.equal((await nimble(app, play('bob', 's1'))).status, 403, 'no balance at all')
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason),
    ['window-paid', 'window-paid', 'window-paid', 'balance-exhausted', 'window-paid', 'balance-exhausted'])
})

t.test('the next window is charged once the current one has run out', async t => {
  const { app, balances } = await setup(t, { windowSeconds: 1 })
  await balances.topUp('alice', 2)
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  await sleep(1100)
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  t.equal((await balances.read('alice')).seconds, 0)
  await sleep(1100)
  t.equal((await nimble(app, play('alice', 's1'))).status, 403, 'the third window is not paid for')
})

t.test('exhausted can redirect; a missing viewer or session gets onUnidentified', async t => {
  const { app } = await setup(t, { onExhausted: { redirect: '/live/topup/playlist.m3u8' }, onUnidentified: 'abstain' })
  t.equal((await nimble(app, play('alice', 's1'))).body.redirect_location, 'http://media.example.com/live/topup/playlist.m3u8')
  t.equal((await nimble(app, play(undefined, 's1'))).status, 403, 'abstain falls to the policy default')
  t.equal((await nimble(app, play('alice', ''))).status, 403)
})

t.test('a dry run charges nothing', async t => {
  const { app, balances } = await setup(t)
  await balances.topUp('alice', 60)
  const request = { action: 'play' as const, protocol: 'HLS', host: 'h', url: { href: 'http://h/live/s?viewer=alice', path: '/live/s', app: 'live', stream: 's', query: { viewer: 'alice' } }, ip: '192.0.2.1', userAgent: '', referer: '', sessionId: 's1', raw: {} }
  const dry = await app.authorize(request, { adapter: 'test', log: app.log, dryRun: true })
  t.equal(dry.outcome, 'allow')
  t.equal((await balances.read('alice')).seconds, 60, 'nothing charged')
  await balances.topUp('alice', -30)
  t.equal((await app.authorize(request, { adapter: 'test', log: app.log, dryRun: true })).outcome, 'deny', 'would not be paid')
})

t.test('against Redis: 100 parallel retries of one session window charge exactly once', async t => {
  const { app, balances } = await setup(t, PATIENT, redisStoreConfig(t, { commandTimeout: 2000 }))
  await balances.topUp('alice', 600)
  const answers = await Promise.all(Array.from({ length: 100 }, async () => await nimble(app, play('alice', 'same'))))
  t.ok(answers.every(a => a.status === 200))
  t.equal((await balances.read('alice')).seconds, 540)
})

t.test('against Redis: two instances share balances and charge a window once', async t => {
  const store = redisStoreConfig(t, { commandTimeout: 2000 })
  const [one, two] = await Promise.all([setup(t, PATIENT, store), setup(t, PATIENT, store)])
  await one.balances.topUp('alice', 120)
  const answers = await Promise.all(Array.from({ length: 20 }, async (_, i) => await nimble(i % 2 === 0 ? one.app : two.app, play('alice', 's1'))))
  t.ok(answers.every(a => a.status === 200))
  t.equal((await two.balances.read('alice')).seconds, 60)
})

t.test('the decision lasts the window charged, not what the balance could still pay for', async t => {
  const { app, balances, logs } = await setup(t)
  await balances.topUp('alice', 200)
  const lifetime = () => logs.lines.filter(l => l.msg === 'decision').at(-1)?.lifetime
  t.equal((await nimble(app, play('alice', 's1'))).status, 200)
  t.equal(lifetime(), 60, 'the window just charged (140 s left would pay two more, not charged yet)')
  t.notOk(logs.lines.filter(l => l.msg === 'decision').at(-1)?.subject, 'an id read from the query is no subject: a client sent it, and it may be a credential')
  t.equal((await nimble(app, play('alice', 's1'))).status, 200, 'within the window')
  t.ok(Number(lifetime()) > 50 && Number(lifetime()) <= 60, `the window's rest: ${String(lifetime())}`)
  await balances.topUp('alice', -130)
  t.equal((await nimble(app, play('alice', 's2'))).status, 403, '10 s pay no window')
  t.equal(lifetime(), 0)
})
