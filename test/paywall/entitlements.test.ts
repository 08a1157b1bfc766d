import t from 'tap'
import { Entitlements } from '../../src/paywall/entitlements.js'
import { MemoryStore } from '../../src/stores/memory.js'

t.test('fields written by something else are ignored, not misread', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const entitlements = new Entitlements(store)
  await store.hset('ppv:{alice}', { 'bogus:live/s': '', 'stream:live/s': 'not-a-date' })
  t.same(await entitlements.list('alice'), [])
  t.equal(await entitlements.covering('alice', 'live/s', new Set()), undefined)
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
