import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import t from 'tap'
import { ownersKey, Sessions } from '../../src/paywall/sessions.js'
import { MemoryStore } from '../../src/stores/memory.js'
import { NOTES_KEPT } from '../../src/stores/store.js'
import { buildTestApp, nimble, nimbleBody } from '../helpers.js'

const HOUR = 3_600_000

function cappedStore (maxEntries: number): { store: MemoryStore, evicted: () => number } {
  let count = 0
  const store = new MemoryStore({ maxEntries, events: { evicted: n => { count += n } } })
  t.teardown(() => store.close())
  return { store, evicted: () => count }
}

t.test('at the cap, the expiring entry written longest ago makes room; entries without expiry stay', async t => {
  const { store, evicted } = cappedStore(4)
  await store.set('bal:{a}', '600')
  await store.set('old', '1', { ttlMs: HOUR })
  await store.set('mid', '1', { ttlMs: HOUR })
  await store.acquireLease('ses:{a}', 's1', 2, HOUR)
  await store.set('mid', '2', { ttlMs: HOUR }) // rewritten: now the newest
  await store.set('new', '1', { ttlMs: HOUR })
  t.same([await store.get('old'), await store.get('mid'), await store.get('bal:{a}')], [null, '2', '600'], '`old` went first')
  await store.acquireLease('ses:{a}', 's1', 2, HOUR) // a renewed session is as good as new
  await store.incrBy('bal:{b}', 60)
  t.same([await store.get('mid'), (await store.leases('ses:{a}')).length, await store.get('new')], [null, 1, '1'])
  t.equal(evicted(), 2, 'each eviction counted')
})

t.test('when only entries without expiry are left, a new key is refused and nothing changes', async t => {
  const { store, evicted } = cappedStore(2)
  await store.set('bal:{a}', '600')
  await store.set('bal:{b}', '600')
  await t.rejects(store.set('bal:{c}', '1'), { code: 'SG_STORE_FULL' })
  await t.rejects(store.acquireLease('ses:{a}', 's1', 1, HOUR), { code: 'SG_STORE_FULL' })
  await t.rejects(store.batch([{ op: 'set', key: 'bal:{a}', value: '0' }, { op: 'sadd', key: 'x', members: ['m'] }]), { code: 'SG_STORE_FULL' })
  t.equal(await store.get('bal:{a}'), '600', 'a refused batch wrote nothing')
  t.equal(await store.incrBy('bal:{a}', -60), 540, 'existing keys still change')
  t.equal(evicted(), 0)
})

t.test('a charge never happens without its marker: debitOnce refuses before taking when the marker has no room', async t => {
  const { store } = cappedStore(2)
  await store.set('bal:{a}', '600')
  await store.set('ppv:{a}', 'x')
  await t.rejects(store.debitOnce('bal:{a}', 'chg:{a}:s1', 60, HOUR), { code: 'SG_STORE_FULL' })
  t.equal(await store.get('bal:{a}'), '600')
})

t.test('expired entries give way without being counted as evictions', async t => {
  const { store, evicted } = cappedStore(2)
  await store.set('gone', '1', { ttlMs: 1 })
  await store.set('kept', '1')
  while (await store.ttl('gone') !== null) await new Promise(resolve => setImmediate(resolve))
  await store.set('next', '1', { ttlMs: HOUR })
  t.same([await store.get('kept'), await store.get('next'), evicted()], ['1', '1', 0])
})

t.test('1,000,000 distinct viewers each taking a session leave the heap under 128 MB with a 100,000-entry cap', async t => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const { store, evicted } = cappedStore(100_000)
  const sessions = new Sessions(store)
  gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 1_000_000; i += 1000) {
    const admissions: Array<Promise<unknown>> = []
    for (let v = i; v < i + 1000; v++) admissions.push(store.acquireLease(`ses:{viewer-${v}}`, `1@198.51.100.${v % 256}~0123456789abcdef`, 3, HOUR))
    await Promise.all(admissions)
  }
  gc()
  const grown = process.memoryUsage().heapUsed - before
  t.ok(grown < 128 * 2 ** 20, `heap grew ${Math.round(grown / 2 ** 20)} MB`)
  t.equal(evicted(), 900_000, 'every viewer past the cap evicted one older session')
  t.same((await sessions.list('viewer-999999')).length, 1, 'the newest viewers keep their places')
  t.same(await sessions.list('viewer-0'), [], 'the oldest gave theirs up')
})

t.test('through the app: store.maxEntries caps the memory store and evictions are counted in /metrics', async t => {
  const { app } = await buildTestApp(t, {
    store: { type: 'memory', maxEntries: 1000 },
    policies: [{ rules: [{ rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' }, onAdmitted: 'allow' } }], default: 'deny' }]
  })
  const refused: number[] = []
  for (let v = 0; v < 600; v++) {
    const res = await nimble(app, nimbleBody({ url: `http://media.example.com/live/show/playlist.m3u8?viewer=v${v}`, session_id: `s${v}` }))
    if (res.status !== 200) refused.push(v)
  }
  t.same(refused, [], 'every viewer admitted: eviction makes room')
  const metrics = (await app.inject('/metrics')).body
  // each admission keeps two entries (the lease and the session's owner): 1,200 for 1,000 places
  t.match(metrics, /^streamgate_store_evictions_total 200$/m)
})

t.test('viewers who choose their ids and one session id do not grow its owners without bound', async t => {
  const store = new MemoryStore({ maxEntries: 100 })
  t.teardown(() => store.close())
  const sessions = new Sessions(store)
  const viewers = Array.from({ length: 300 }, (_, i) => `v${i}-${'x'.repeat(200)}`)
  for (const viewer of viewers) await sessions.admit(viewer, 'same-cookie', 1, 90_000, { playing: 'live/s' })
  const owners = Object.keys(await store.hgetall(ownersKey('live/s', 'same-cookie')))
  t.equal(owners.length, NOTES_KEPT, `one key holds ${NOTES_KEPT} viewers, not ${viewers.length}`)
  t.ok(owners.includes(viewers.at(-1)!), 'the latest among them')
})
