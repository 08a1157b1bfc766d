import t from 'tap'
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
