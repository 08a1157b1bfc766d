import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

t.test('decisions are counted by adapter, policy, rule, outcome and reason, with latency', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }], { default: 'allow' }))
  await nimble(app, nimbleBody())
  await nimble(app, nimbleBody())
  await nimble(app, nimbleBody({ ip: '203.0.113.1' }))
  await nimble(app, nimbleBody({ ip: 'garbage' }))
  const res = await app.inject('/metrics')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain/)
  const body = res.body
  t.match(body, /streamgate_decisions_total\{adapter="nimble",policy="test",rule="default",outcome="allow",reason="all-abstained"\} 2/)
  t.match(body, /streamgate_decisions_total\{adapter="nimble",policy="test",rule="ip-range",outcome="deny",reason="ip-denied"\} 1/)
  t.match(body, /streamgate_decisions_total\{adapter="nimble",policy="none",rule="adapter",outcome="deny",reason="invalid-message"\} 1/)
  t.match(body, /streamgate_decision_duration_seconds_count\{adapter="nimble"\} 4/)
  t.match(body, /streamgate_process_resident_memory_bytes/, 'process metrics are included')
})

t.test('two apps in one process keep separate counts', async t => {
  const a = await buildTestApp(t, oneChain([], { default: 'allow' }))
  const b = await buildTestApp(t, oneChain([], { default: 'allow' }))
  await nimble(a.app, nimbleBody())
  t.match((await a.app.inject('/metrics')).body, /streamgate_decisions_total\{[^}]*\} 1/)
  t.notMatch((await b.app.inject('/metrics')).body, /streamgate_decisions_total\{/)
})
