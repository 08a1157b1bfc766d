import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import t from 'tap'
import { buildTestApp } from '../helpers.js'
import { PrivateRedis } from '../redis-helpers.js'
import { type Answer, type Kind, ask, fund, loadViewers, paywallConfig, reconcile, settle, tally, underLoad } from './paywall-load.js'

const BURSTS = 3
const BURST_SIZE = 500
/** A burst's deadline: the requests caught behind the stall below overrun it, those answered before it make it. */
const BURST_TIMEOUT_MS = 10
/** How long Redis stalls in each burst, once its first answer is out: far past the burst's deadline. */
const STALL_SECONDS = '0.1'
const LOAD_TIMEOUT_MS = 250

t.test('deadline expiry during bursts: places held = sessions admitted, windows charged = windows paid for', async t => {
  const redis = await PrivateRedis.start(t)
  const store = redis.storeConfig({ commandTimeout: 5000 })
  const { app } = await buildTestApp(t, paywallConfig(store, 1000, BURST_TIMEOUT_MS))
  await fund(store, Array.from({ length: BURSTS * 50 }, (_, i) => `b${Math.floor(i / 50)}-p${i % 50}`))
  const raw = new Redis(redis.url)
  t.teardown(() => raw.disconnect())
  const answers: Answer[] = []
  for (let burst = 0; burst < BURSTS; burst++) {
    const requests = (from: number): Array<Promise<Answer>> => Array.from({ length: BURST_SIZE }, async (_, j) => {
      const i = from + j
      const kind: Kind = i % 2 === 0 ? 'ses' : 'pay'
      return await ask(app, kind, `b${burst}-${kind === 'ses' ? 'v' : 'p'}${i % 50}`, `b${burst}-s${i}`)
    })
    // a machine fast enough answers a whole burst within the deadline: once the first half is being answered, Redis
    // stalls, and the second half's commands queue behind the stall
    const first = requests(0)
    await Promise.race(first)
    const stall = raw.call('DEBUG', 'SLEEP', STALL_SECONDS)
    const second = requests(BURST_SIZE)
    answers.push(...await Promise.all([...first, ...second]))
    await stall
  }
  await settle(app)
  const counts = tally(answers)
  t.comment(JSON.stringify(counts))
  t.same(answers.filter(a => !['allow', 'on-error'].includes(a.outcome)).slice(0, 3), [], 'every answer an allow or onError (no limit is reached)')
  t.ok((counts['ses on-error'] ?? 0) > 0 && (counts['pay on-error'] ?? 0) > 0, 'deadlines expired during the bursts')
  t.ok((counts['ses allow'] ?? 0) > 0 && (counts['pay allow'] ?? 0) > 0, 'and some requests made it in time')
  const state = await reconcile(store, answers)
  t.comment(JSON.stringify(state))
  t.same({ missing: state.missing, phantom: state.phantom }, { missing: [], phantom: [] }, `places held (${state.held}) = sessions admitted (${state.admitted})`)
  t.equal(state.charged, state.paid, `windows charged (${state.charged}) = windows paid for (${state.paid})`)
})

const faults: Array<[string, (raw: Redis) => Promise<void>]> = [
  ['DEBUG SLEEP 2', async raw => { await raw.call('DEBUG', 'SLEEP', '2') }],
  // the pause holds every client but the one that asked for it; wait it out under load
  ['CLIENT PAUSE 3000', async raw => { await raw.call('CLIENT', 'PAUSE', '3000'); await sleep(3000) }]
]

for (const [name, fault] of faults) {
  t.test(`${name} under load: state reconciled against the answers`, async t => {
    const redis = await PrivateRedis.start(t)
    const store = redis.storeConfig({ commandTimeout: 5000 })
    const { app } = await buildTestApp(t, paywallConfig(store, 1000, LOAD_TIMEOUT_MS))
    await fund(store, loadViewers('pay'))
    const raw = new Redis(redis.url)
    t.teardown(() => raw.disconnect())
    const answers = await underLoad(app, async () => { await fault(raw) })
    await settle(app)
    const counts = tally(answers)
    t.comment(JSON.stringify(counts))
    t.same(answers.filter(a => !['allow', 'on-error'].includes(a.outcome)).slice(0, 3), [], 'every answer an allow or onError (no limit is reached)')
    t.ok((counts['ses on-error'] ?? 0) > 0 && (counts['pay on-error'] ?? 0) > 0, 'the fault held requests past their deadline')
    const state = await reconcile(store, answers)
    t.comment(JSON.stringify(state))
    t.same({ missing: state.missing, phantom: state.phantom }, { missing: [], phantom: [] }, `places held (${state.held}) = sessions admitted (${state.admitted})`)
    t.equal(state.charged, state.paid, `windows charged (${state.charged}) = windows paid for (${state.paid})`)
  })
}
