import t from 'tap'
import { Entitlements } from '../../src/paywall/entitlements.js'
import { MemoryStore } from '../../src/stores/memory.js'

t.test('fields written by something else are ignored, not misread', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const entitlements = new Entitlements(store)
  await store.hset('ppv:{alice}', { 'bogus:live/s': '', 'stream:live/s': 'not-a-date' })
  t.same(await entitlements.list('alice'), [])
  t.equal(await entitlements.covers('alice', 'live/s', new Set()), false)
})

t.test('a granted glob with regex characters matches literally', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const entitlements = new Entitlements(store)
  await entitlements.grant('bob', { target: { glob: 'live/a.b*' } })
  t.equal(await entitlements.covers('bob', 'live/a.b-hd', new Set()), true)
  t.equal(await entitlements.covers('bob', 'live/axb-hd', new Set()), false)
})
