import t from 'tap'
import { defineRule } from '../../src/core/rule.js'
import { abstain } from '../../src/core/decision.js'
import { buildTestApp, nimbleBody, oneChain } from '../helpers.js'

const seen: boolean[] = []
const spy = defineRule<Record<string, never>>({
  id: 'spy',
  reasons: ['looked'],
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: (_request, ctx) => { seen.push(ctx.dryRun); return abstain('looked') } })
})

const config = oneChain([
  { rule: 'spy' },
  { rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }
], { default: 'allow' })

t.test('explain returns the AccessRequest, the decision and every rule\'s answer, as a dry run', async t => {
  const { app, logs } = await buildTestApp(t, config, { rules: [spy] })
  seen.length = 0
  const result = await app.explain('nimble', nimbleBody({ ip: '203.0.113.9', url: '/live/cam/playlist.m3u8?token=s3cret' }))
  t.same(result.decision, { outcome: 'deny', rule: 'ip-range', reason: 'ip-denied', policy: 'test' })
  t.same(result.trace, [{ rule: 'spy', outcome: 'abstain', reason: 'looked' }, { rule: 'ip-range', outcome: 'deny', reason: 'ip-denied' }])
  t.match(result.request, { action: 'play', protocol: 'HLS', ip: '203.0.113.9', url: { app: 'live', stream: 'cam' } })
  t.notOk(result.request && 'raw' in result.request, 'the raw message is not echoed')
  t.same(seen, [true], 'rules are told it is a dry run')
  t.notMatch((await app.inject('/metrics')).body, /streamgate_decisions_total\{/, 'a dry run is not counted')
  t.notOk(logs.lines.some(l => l.msg === 'decision'), 'nor logged as a decision')
})

t.test('messages the adapter would refuse are explained as adapter refusals', async t => {
  const { app } = await buildTestApp(t, config, { rules: [spy] })
  t.same(await app.explain('nimble', { url: '/x' }), { adapter: 'nimble', decision: { outcome: 'deny', rule: 'adapter', reason: 'invalid-message', policy: 'none' }, trace: [] })
  t.same((await app.explain('nimble', nimbleBody({ url: 'http://[::1/x' }))).decision.reason, 'bad-url')
  await t.rejects(app.explain('carrier-pigeon', {}), { code: 'SG_ADAPTER_UNKNOWN', message: /unknown adapter "carrier-pigeon"; known: nimble/ })
})

t.test('without admin authentication there is no explain route', async t => {
  const { app } = await buildTestApp(t, config, { rules: [spy] })
  const res = await app.inject({ method: 'POST', url: '/v1/explain', payload: { adapter: 'nimble', message: nimbleBody() } })
  t.equal(res.statusCode, 404)
})
