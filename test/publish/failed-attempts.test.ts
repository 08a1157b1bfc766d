import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { FailedAttempts } from '../../src/publish/failed-attempts.js'
import { MemoryStore } from '../../src/stores/memory.js'

t.test('an address is blocked after maxFailures within the window, and free again after it', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const attempts = new FailedAttempts(store, { maxFailures: 2, windowSeconds: 1 })
  t.equal(await attempts.blocked('198.51.100.7'), false)
  t.equal(await attempts.attempt('198.51.100.7'), true)
  t.equal(await attempts.blocked('198.51.100.7'), false)
  t.equal(await attempts.attempt('198.51.100.7'), true)
  t.equal(await attempts.blocked('198.51.100.7'), true)
  t.equal(await attempts.attempt('198.51.100.7'), false, 'no attempt left')
  t.equal(await attempts.blocked('198.51.100.8'), false, 'per address')
  const ttl = await store.ttl('publish:failed:198.51.100.7')
  t.ok(ttl !== null && ttl <= 1000, 'the counter expires with the window')
  await sleep(1100)
  t.equal(await attempts.blocked('198.51.100.7'), false)
})

t.test('a counter that lost its expiry gets one at the next failure', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  await store.incrBy('publish:failed:10.0.0.1', 5)
  await new FailedAttempts(store, { maxFailures: 100, windowSeconds: 60 }).attempt('10.0.0.1')
  t.ok((await store.ttl('publish:failed:10.0.0.1') ?? 0) > 59_000)
})

t.test('a forgiven attempt gives the address its allowance back', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const attempts = new FailedAttempts(store, { maxFailures: 1, windowSeconds: 60 })
  t.equal(await attempts.attempt('10.0.0.1'), true)
  t.equal(await attempts.blocked('10.0.0.1'), true, 'counted while it is checked')
  await attempts.forgive('10.0.0.1')
  t.equal(await attempts.blocked('10.0.0.1'), false)
  t.equal(await attempts.attempt('10.0.0.1'), true)
  t.equal(await attempts.attempt('10.0.0.1'), false)
})
