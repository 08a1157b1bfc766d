import t from 'tap'
import { defineRule } from '../../src/core/rule.js'
import { abstain } from '../../src/core/decision.js'
import { buildTestApp, nimbleBody, oneChain, withKeys } from '../helpers.js'

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

t.test('explain\'s output for each adapter, allowed, denied and refused, is stable (snapshot)', async t => {
  const { app } = await buildTestApp(t, {
    ...withKeys(oneChain([
      { rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } },
      { rule: 'user-agent', options: { deny: { patterns: ['^curl/'] } } },
      { rule: 'protocol', options: { allow: ['HLS', 'RTMP'] } }
    ], { default: 'allow' })) as object,
    adapters: { nginx: { enabled: true }, nginxRtmp: { enabled: true } }
  })
  const rtmp = { call: 'play', app: 'live', name: 'cam', addr: '198.51.100.7', clientid: '7', flashver: 'LNX 9,0,124,2', tcurl: 'rtmp://media.example.com/live' }
  const messages: Array<[string, string, unknown]> = [
    ['nimble allowed', 'nimble', nimbleBody()],
    ['nimble denied by address', 'nimble', nimbleBody({ ip: '203.0.113.9' })],
    ['nimble denied by protocol', 'nimble', nimbleBody({ url: '/live/cam/manifest.mpd', session_type: 'DASH' })],
    ['nimble refused', 'nimble', { url: 7 }],
    ['nginx auth_request allowed', 'nginx-auth-request', { 'X-Original-URI': '/live/cam/index.m3u8?token=x', 'X-Real-IP': '198.51.100.7', 'X-Forwarded-For': '198.51.100.7', 'User-Agent': 'Mozilla/5.0', Host: 'media.example.com' }],
    ['nginx auth_request denied by user agent', 'nginx-auth-request', { 'x-original-uri': '/live/cam/index.m3u8', 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7', 'user-agent': 'curl/8.5.0' }],
    ['nginx auth_request refused', 'nginx-auth-request', { 'x-real-ip': '198.51.100.7' }],
    ['nginx-rtmp play allowed', 'nginx-rtmp', rtmp],
    ['nginx-rtmp play denied', 'nginx-rtmp', { ...rtmp, addr: '203.0.113.9' }],
    ['nginx-rtmp publish decided by the publish policy', 'nginx-rtmp', { ...rtmp, call: 'publish' }],
    ['nginx-rtmp connect is not explained', 'nginx-rtmp', { ...rtmp, call: 'connect' }]
  ]
  for (const [name, adapter, message] of messages) t.matchSnapshot(await app.explain(adapter, message), name)
})
