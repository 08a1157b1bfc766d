import pino from 'pino'
import t, { type Test } from 'tap'
import { Entitlements } from '../../src/paywall/entitlements.js'
import { MemoryStore } from '../../src/stores/memory.js'
import { RedisStore } from '../../src/stores/redis.js'
import type { Store } from '../../src/stores/store.js'
import { redisStoreConfig } from '../redis-helpers.js'

const DAY = 86_400_000
const stores: Record<string, (t: Test) => Store> = {
  memory: () => new MemoryStore(),
  redis: t => new RedisStore(redisStoreConfig(t), pino({ level: 'silent' }))
}

/** `store`, whose next hgetall lets `meanwhile` run after the hash was read and before the reader goes on. */
function interleaved (store: Store, meanwhile: () => Promise<unknown>): Store {
  let pending: (() => Promise<unknown>) | undefined = meanwhile
  const hgetall = store.hgetall.bind(store)
  store.hgetall = async (key: string) => {
    const read = await hgetall(key)
    const run = pending
    pending = undefined
    await run?.()
    return read
  }
  return store
}

t.test('fields written by something else are ignored, not misread', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const entitlements = new Entitlements(store)
  // names without a colon are no target, whatever they start with
  await store.hset('ppv:{alice}', { 'bogus:live/s': '', 'stream:live/s': 'not-a-date', eventE: '', 'glob*': '' })
  t.same(await entitlements.list('alice'), [])
  t.equal(await entitlements.covering('alice', 'live/s', new Set(['eventE'])), undefined)
})

t.test('a granted glob with regex characters matches literally', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const entitlements = new Entitlements(store)
  await entitlements.grant('bob', { target: { glob: 'live/a.b*' } })
  t.same(await entitlements.covering('bob', 'live/a.b-hd', new Set()), { target: { glob: 'live/a.b*' } })
  t.equal(await entitlements.covering('bob', 'live/axb-hd', new Set()), undefined)
})

t.test('of several covering entitlements, the one that lasts longest', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const entitlements = new Entitlements(store)
  const now = Date.now()
  await entitlements.grant('carol', { target: { stream: 'live/s' }, expiresAt: now + 60_000 })
  await entitlements.grant('carol', { target: { glob: 'live/*' }, expiresAt: now + 600_000 })
  t.same(await entitlements.covering('carol', 'live/s', new Set(), now), { target: { glob: 'live/*' }, expiresAt: now + 600_000 })
  await entitlements.grant('carol', { target: { event: 'final' } })
  t.same(await entitlements.covering('carol', 'live/s', new Set(['final']), now), { target: { event: 'final' } }, 'one that never expires lasts longest')
  t.same(await entitlements.covering('carol', 'live/other', new Set(), now + 600_000), undefined, 'an expired one covers nothing')
})

for (const [name, open] of Object.entries(stores)) {
  t.test(`${name}: a grant landing while a listing drops what it read as expired is kept`, async t => {
    const store = open(t)
    t.teardown(() => store.close())
    const writer = new Entitlements(store)
    // yesterday's pass, not yet dropped; the viewer buys today's while the console lists their entitlements
    await store.hset('ppv:{alice}', { 'stream:live/final': String(Date.now() - DAY) })
    const tomorrow = Date.now() + DAY
    const reader = new Entitlements(interleaved(store, async () => await writer.grant('alice', { target: { stream: 'live/final' }, expiresAt: tomorrow })))
    t.same(await reader.list('alice'), [], 'the listing answers what it read')
    t.same(await writer.list('alice'), [{ target: { stream: 'live/final' }, expiresAt: tomorrow }], 'the new pass was not dropped as expired')

    // and a grant's own clean-up spares another grant that lands after its read
    await store.hset('ppv:{bob}', { 'stream:live/a': String(Date.now() - DAY), 'stream:live/b': String(Date.now() - DAY) })
    const granter = new Entitlements(interleaved(store, async () => await writer.grant('bob', { target: { stream: 'live/b' } })))
    await granter.grant('bob', { target: { stream: 'live/a' }, expiresAt: tomorrow })
    t.same(await writer.list('bob'), [{ target: { stream: 'live/a' }, expiresAt: tomorrow }, { target: { stream: 'live/b' } }])
  })

  t.test(`${name}: a grant never shortens what the viewer holds for the same target`, async t => {
    const store = open(t)
    t.teardown(() => store.close())
    const entitlements = new Entitlements(store)
    const now = Date.now()
    const target = { stream: 'live/final' }
    t.same(await entitlements.grant('alice', { target }), { target }, 'a season ticket that never expires')
    t.same(await entitlements.grant('alice', { target, expiresAt: now + DAY }), { target }, 'a day pass over it leaves it never expiring')
    t.same(await entitlements.list('alice'), [{ target }])
    t.same(await entitlements.grant('bob', { target, expiresAt: now + 2 * DAY }), { target, expiresAt: now + 2 * DAY })
    t.same(await entitlements.grant('bob', { target, expiresAt: now + DAY }), { target, expiresAt: now + 2 * DAY }, 'an earlier expiry leaves the later')
    t.same(await entitlements.grant('bob', { target, expiresAt: now + 3 * DAY }), { target, expiresAt: now + 3 * DAY }, 'a later one extends it')
    t.same(await entitlements.grant('bob', { target }), { target }, 'and one that never expires replaces any')
    t.equal(await entitlements.revoke('bob', target), true)
    t.same(await entitlements.grant('bob', { target, expiresAt: now + DAY }), { target, expiresAt: now + DAY }, 'revoked first, a shorter grant holds')

    const passes = [3, 1, 5, 2, 4].map(days => now + days * DAY)
    await Promise.all(passes.map(async expiresAt => await entitlements.grant('carol', { target, expiresAt })))
    t.same(await entitlements.list('carol'), [{ target, expiresAt: now + 5 * DAY }], 'of parallel grants the latest stays')
  })
}
