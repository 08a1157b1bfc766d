import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { Entitlements } from '../../src/paywall/entitlements.js'
import { Sessions } from '../../src/paywall/sessions.js'
import { signUrl } from '../../src/signing/sign-url.js'
import { buildTestApp, nimble, nimbleBody } from '../helpers.js'
import { PrivateRedis } from '../redis-helpers.js'

const KEY = 'round-trip-test-key-0123456789abcdef'
const DECISIONS = 25

/**
 * Commands clients sent while `work` ran, as MONITOR shows them (a script's own calls excluded: they are no
 * round trip). The window closes when a marker sent after the work comes through.
 */
async function commandsSent (client: Redis, work: () => Promise<void>): Promise<string[]> {
  const monitor = await client.monitor()
  const seen: string[] = []
  const marker = `end-of-window-${process.pid}`
  const closed = new Promise<void>(resolve => {
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) resolve()
      else if (source !== 'lua') seen.push(args[0]?.toLowerCase() ?? '')
    })
  })
  try {
    await work()
    await client.echo(marker)
    await closed
  } finally {
    monitor.disconnect()
  }
  return seen
}

/** The app on a private Redis (nobody else's commands in its statistics) with this chain for every stream. */
async function setup (t: Test, rules: unknown[], fallback: 'allow' | 'deny') {
  const redis = await PrivateRedis.start(t)
  const { app, logs } = await buildTestApp(t, {
    server: { port: 0 },
    log: { level: 'info' },
    store: redis.storeConfig({ commandTimeout: 1000 }),
    policies: [{ name: 'test', rules, default: fallback }]
  })
  const client = new Redis(redis.url)
  t.teardown(() => { client.disconnect() })
  return { app, client, logs }
}

const tokenRule = { rule: 'signed-token', options: { scheme: 'native', keys: [{ id: 'k', secret: KEY }], onValid: 'abstain' } }
const play = (viewer: string, stream = 'live/stream') =>
  nimbleBody({ url: signUrl({ stream: `http://media.example.com/${stream}/playlist.m3u8`, scope: `/${stream}/*`, key: KEY, kid: 'k', ttl: 300, viewer }) })

t.test('signed token + pay-per-view on Redis: one command per decision, one round trip', async t => {
  const { app, client } = await setup(t, [tokenRule, { rule: 'pay-per-view', options: { events: { final: ['live/*'] } } }], 'deny')
  await new Entitlements(app.store).grant('v1', { target: { event: 'final' } })
  await nimble(app, play('v1')) // the connection is ready and any start-up checks have run
  const answers: number[] = []
  const sent = await commandsSent(client, async () => {
    for (let i = 0; i < DECISIONS; i++) answers.push((await nimble(app, play(i % 5 === 4 ? 'v2' : 'v1'))).status)
  })
  t.equal(answers.filter(s => s === 200).length, DECISIONS * 4 / 5, 'the entitled viewer is let in')
  t.equal(answers.filter(s => s === 403).length, DECISIONS / 5, 'the other is not')
  t.same(sent, Array(DECISIONS).fill('hgetall'), 'exactly one HGETALL for each decision, allowed or denied, and nothing else')

  const bad = play('v1').url!.replace('token=', 'token=x')
  t.same(await commandsSent(client, async () => { t.equal((await nimble(app, nimbleBody({ url: bad }))).status, 403) }), [],
    'a bad token is refused without asking Redis')
})

t.test('the two-rule chain + concurrent-sessions: one EVALSHA per decision, admitted, renewed, over the limit or kicked', async t => {
  const { app, client, logs } = await setup(t, [
    { rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } },
    { rule: 'concurrent-sessions', options: { limit: 2, viewer: { from: 'query', name: 'viewer' }, onAdmitted: 'abstain' } }
  ], 'allow')
  const viewer = (session: string) => nimbleBody({ url: 'http://media.example.com/live/stream/playlist.m3u8?viewer=v1', session_id: session })
  await nimble(app, viewer('s0'))
  await new Sessions(app.store).kick('v1', 'kicked', 60_000)
  // s0 renews; s1 is new, then renews; s2 finds both places taken; the kicked session is refused. An admitted
  // session abstains, so the chain's default allows it
  const sessions = ['s0', 's1', 's2', 'kicked']
  const expected = ['all-abstained', 'all-abstained', 'session-limit', 'session-kicked']
  const sent = await commandsSent(client, async () => {
    for (let i = 0; i < DECISIONS; i++) await nimble(app, viewer(sessions[i % 4]!))
  })
  const reasons = logs.lines.filter(l => l.msg === 'decision').map(l => l.reason).slice(-DECISIONS)
  t.same(reasons, Array.from({ length: DECISIONS }, (_, i) => expected[i % 4]), 'admitted, renewed, refused at the limit, refused as kicked')
  t.same(sent, Array(DECISIONS).fill('evalsha'), 'exactly one EVALSHA for each decision, whatever its answer, and nothing else')
})
