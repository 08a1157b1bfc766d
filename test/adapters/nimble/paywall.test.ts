import t, { type Test } from 'tap'
import { nimbleSign, SPENT_PUZZLE_MS, spentPuzzleKey, usageByViewer } from '../../../src/adapters/nimble/paywall.js'
import { Balances } from '../../../src/paywall/balances.js'
import { buildTestApp, oneChain } from '../../helpers.js'
import { PrivateRedis, redisStoreConfig } from '../../redis-helpers.js'

const TOKEN = 'paywall-token-123'

const player = (id: string | number, delta: number, bytes: number) => ({ id, ip: '198.51.100.7', sessionid: 1, delta, bytes_sent: bytes, user_agents: ['VLC'] })
const report = (players: unknown[], signature?: string) => ({
  ID: 'nimble-1',
  Puzzle: 'puzzle-42',
  Signature: signature ?? nimbleSign('nimble-1', 'puzzle-42', TOKEN),
  PayPerViewInfo: { VHost: [{ name: '_defaultVHost_', Application: [{ name: 'live', Instance: [{ name: '_definst_', Stream: [{ name: 'stream', Player: players }] }] }] }] }
})

async function setup (t: Test, paywall: Record<string, unknown> = {}, store?: unknown) {
  const config = { ...oneChain([]) as Record<string, unknown>, adapters: { nimble: { paywall: { enabled: true, token: TOKEN, ...paywall } } } }
  const built = await buildTestApp(t, store === undefined ? config : { ...config, store })
  return { ...built, balances: new Balances(built.app.store) }
}

const sync = async (app: Awaited<ReturnType<typeof setup>>['app'], body: unknown) =>
  await app.inject({ method: 'POST', url: '/nimble/paywall', payload: body as object })

t.test('takes watched seconds from balances, adds bytes, and denies who ran out, with the signed solution', async t => {
  const { app, balances, logs } = await setup(t, { maxBytes: 1_000_000 })
  await balances.topUp('alice', 100)
  await balances.topUp('bob', 30)
  await balances.topUp('carol', 1000)
  const res = await sync(app, report([player('alice', 20, 1000), player('alice', 20, 1000), player('bob', 30, 10), player(77, 5, 0), player('carol', 10, 2_000_000)]))
  t.equal(res.statusCode, 200)
  const body = res.json<{ DenyList: { ID: string[] }, Solution: string }>()
  t.same(body.DenyList.ID.sort(), ['77', 'bob', 'carol'], 'bob used up his time, 77 never had any, carol is over the byte limit')
  t.equal(body.Solution, nimbleSign('puzzle-42', TOKEN))
  t.same(await balances.read('alice'), { seconds: 60, bytes: 2000 }, 'sessions of one viewer add up')
  t.same(await balances.read('bob'), { seconds: 0, bytes: 10 })
  t.notMatch(logs.text(), TOKEN)
})

t.test('time is not metered when meterTime is off', async t => {
  const { app, balances } = await setup(t, { meterTime: false })
  const res = await sync(app, report([player('dave', 60, 5)]))
  t.same(res.json<{ DenyList: { ID: string[] } }>().DenyList.ID, [])
  t.same(await balances.read('dave'), { seconds: 0, bytes: 5 })
})

t.test('a bad signature is refused and changes nothing', async t => {
  const { app, balances } = await setup(t)
  await balances.topUp('alice', 100)
  const forged = await sync(app, report([player('alice', 50, 0)], nimbleSign('nimble-1', 'puzzle-42', 'wrong-token')))
  t.equal(forged.statusCode, 403)
  t.equal((await sync(app, report([player('alice', 50, 0)], 'short'))).statusCode, 403)
  t.equal((await balances.read('alice')).seconds, 100)
})

t.test('a report is taken once: its signature, captured, cannot charge again with any body', async t => {
  const { app, balances, logs } = await setup(t)
  await balances.topUp('victim', 3600)
  await balances.topUp('alice', 100)
  const genuine = report([player('alice', 10, 0)])
  t.equal((await sync(app, genuine)).statusCode, 200)
  // Nimble signs ID and Puzzle only: a captured report carries whatever body is sent with it
  const forged = { ...genuine, PayPerViewInfo: report([player('victim', 86_400, 0)]).PayPerViewInfo }
  for (const body of [forged, forged, genuine]) {
    const res = await sync(app, body)
    t.same([res.statusCode, res.json()], [403, { error: 'replayed' }], 'refused as a forged signature is')
  }
  t.equal((await balances.read('victim')).seconds, 3600, 'the victim is not charged')
  t.equal((await balances.read('alice')).seconds, 90, 'the genuine report charged once')
  // (ID, Puzzle) = ('nimble-1', 'puzzle-42') and ('nimble-1p', 'uzzle-42') are signed alike
  const shifted = { ...forged, ID: 'nimble-1p', Puzzle: 'uzzle-42' }
  t.equal(shifted.Signature, nimbleSign(shifted.ID, shifted.Puzzle, TOKEN))
  t.equal((await sync(app, shifted)).statusCode, 403, 'a character moved from Puzzle to ID is the same report')
  t.equal((await balances.read('victim')).seconds, 3600)
  const refusals = logs.lines.filter(l => l.msg === 'nimble paywall sync refused')
  t.same(refusals.map(l => l.reason), ['replayed', 'replayed', 'replayed', 'replayed'])
  t.notMatch(logs.text(), TOKEN)
  t.notMatch(logs.text(), genuine.Signature)
  const next = { ...report([player('alice', 10, 0)]), Puzzle: 'puzzle-43', Signature: nimbleSign('nimble-1', 'puzzle-43', TOKEN) }
  t.equal((await sync(app, next)).statusCode, 200, 'the next report, with its own puzzle, is taken')
  t.equal((await balances.read('alice')).seconds, 80)
})

t.test('parallel copies of one report on Redis: one is taken, the others refused', async t => {
  const { app, balances } = await setup(t, {}, redisStoreConfig(t))
  await balances.topUp('alice', 100)
  const answers = await Promise.all(Array.from({ length: 20 }, async () => (await sync(app, report([player('alice', 10, 0)]))).statusCode))
  t.same(answers.sort(), [200, ...Array<number>(19).fill(403)])
  t.equal((await balances.read('alice')).seconds, 90)
  const spentFor = await app.store.ttl(spentPuzzleKey('nimble-1', 'puzzle-42')) ?? 0
  t.ok(spentFor > SPENT_PUZZLE_MS - 60_000 && spentFor <= SPENT_PUZZLE_MS, `the puzzle stays spent for SPENT_PUZZLE_MS (${spentFor} ms left)`)
})

t.test('a report that failed part way is not taken again, so nobody recorded before the failure is charged twice', async t => {
  const { app, balances } = await setup(t)
  await balances.topUp('alice', 100)
  // bob's balance is not a number the store can add to: his part of the report fails, after alice's was recorded
  await app.store.hset('bal:{bob}', { corrupt: '1' })
  const both = report([player('alice', 10, 0), player('bob', 10, 0)])
  t.equal((await sync(app, both)).statusCode, 503)
  t.equal((await balances.read('alice')).seconds, 90)
  t.same([(await sync(app, both)).statusCode, (await sync(app, both)).json()], [403, { error: 'replayed' }], 'a re-send is refused')
  t.equal((await balances.read('alice')).seconds, 90, 'alice is charged once')
})

t.test('a malformed report is a 400, never a 500', async t => {
  const { app } = await setup(t)
  t.equal((await app.inject({ method: 'POST', url: '/nimble/paywall', payload: '{not json' })).statusCode, 400)
  t.equal((await sync(app, { ID: 'x' })).statusCode, 400)
  t.equal((await sync(app, report([{ id: 'a', delta: -5 }]))).statusCode, 400)
  t.equal((await sync(app, report([{ delta: 5 }]))).statusCode, 400)
})

t.test('an empty report answers an empty deny list', async t => {
  const { app } = await setup(t)
  const res = await sync(app, { ID: 'nimble-1', Puzzle: 'p', Signature: nimbleSign('nimble-1', 'p', TOKEN) })
  t.same(res.json(), { DenyList: { ID: [] }, Solution: nimbleSign('p', TOKEN) })
})

t.test('the paywall needs a token when enabled, and is off by default', async t => {
  await t.rejects(buildTestApp(t, { ...oneChain([]) as object, adapters: { nimble: { paywall: { enabled: true } } } }), /paywall: must have required property 'token'/)
  const { app } = await buildTestApp(t, oneChain([]))
  t.equal((await sync(app, report([]))).statusCode, 404)
})

t.test('usageByViewer sums players across streams and skips empty ids', async t => {
  const twoStreams = {
    ID: 'n',
    Puzzle: 'p',
    Signature: 's',
    PayPerViewInfo: { VHost: [{ Application: [{ Instance: [{ Stream: [{ Player: [player('a', 1, 2)] }, { Player: [player('a', 3, 4), player('', 9, 9)] }] }] }] }] }
  }
  t.same([...usageByViewer(twoStreams)], [['a', { seconds: 4, bytes: 6 }]])
})

t.test('against a dead Redis the sync answers 503 and cuts nobody off', async t => {
  const redis = await PrivateRedis.start(t)
  const { app } = await setup(t, {}, redis.storeConfig())
  await redis.stop()
  const res = await sync(app, report([player('alice', 10, 0)]))
  t.equal(res.statusCode, 503)
  t.notMatch(res.body, /DenyList/)
})
