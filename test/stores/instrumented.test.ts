import t from 'tap'
import { MemoryStore } from '../../src/stores/memory.js'
import { answeredWithin, instrumented } from '../../src/stores/instrumented.js'
import { buildTestApp, nimble, nimbleBody } from '../helpers.js'

t.test('failed store operations are counted by operation and kind', async t => {
  const { app } = await buildTestApp(t, {
    // nothing listens on port 1: every command fails
    store: { type: 'redis', url: 'redis://127.0.0.1:1', commandTimeout: 50 },
    policies: [{
      rules: [{ rule: 'concurrent-sessions', options: { limit: 2, viewer: { from: 'query', name: 'viewer' }, onError: 'deny' } }],
      default: 'allow'
    }]
  })
  const res = await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: 's1' }))
  t.equal(res.status, 403, 'the rule fails closed')
  // the rule answers at its own deadline; the store gives up on its command a little later
  const counted = /streamgate_store_errors_total\{operation="(get|acquireLease)",kind="(error|timeout)"\} 1/
  let metrics = ''
  for (let i = 0; i < 40 && !counted.test(metrics); i++) {
    await new Promise(resolve => setTimeout(resolve, 50))
    metrics = (await app.inject('/metrics')).body
  }
  t.match(metrics, counted)
})

t.test('a healthy store counts nothing', async t => {
  const { app } = await buildTestApp(t, {
    policies: [{ rules: [{ rule: 'concurrent-sessions', options: { limit: 2, viewer: { from: 'query', name: 'viewer' } } }], default: 'allow' }]
  })
  t.equal((await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: 's1' }))).status, 200)
  t.notMatch((await app.inject('/metrics')).body, /streamgate_store_errors_total\{/)
})

t.test('a method that throws instead of rejecting is counted and rejects; a call that completes marks the store as answering', async t => {
  class Throwing extends MemoryStore {
    override hgetall (): Promise<Record<string, string>> { throw new Error('thrown before any promise') }
  }
  const counted: string[] = []
  const store = instrumented(new Throwing(), (operation, kind) => { counted.push(`${operation}:${kind}`) })
  t.teardown(async () => { await store.close() })
  t.equal(store.kind, 'memory')
  t.notOk(answeredWithin(store, 60_000), 'nothing answered yet')
  await t.rejects(store.hgetall('k'), /thrown before any promise/)
  t.notOk(answeredWithin(store, 60_000), 'a failure is no answer')
  await t.rejects(store.incrBy('k', 1.5), { code: 'SG_STORE_NOT_INTEGER' })
  t.same(counted, ['hgetall:error', 'incrBy:error'])
  t.equal(await store.set('k', 'v'), true, 'methods run on the store itself, its private state included')
  t.equal(await store.get('k'), 'v')
  t.ok(answeredWithin(store, 60_000))
})
