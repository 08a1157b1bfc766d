import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const NIMBLE_TYPES = ['HLS', 'DASH', 'HDS', 'SMOOTH', 'PD', 'ICECAST', 'MPEGTS', 'SLDP', 'RTMP', 'WebRTC']

t.test('allow list: every Nimble session_type, case-insensitive on both sides', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'protocol', options: { allow: ['hls', 'Dash'] } }]))
  for (const type of NIMBLE_TYPES) {
    const expected = type === 'HLS' || type === 'DASH' ? 200 : 403
    t.equal((await nimble(app, nimbleBody({ session_type: type }))).status, expected, type)
  }
  t.equal((await nimble(app, nimbleBody({ session_type: 'hls' }))).status, 200, 'lower-case session_type')
  const reasons = logs.lines.filter(l => l.msg === 'decision').map(l => l.reason)
  t.same(reasons.slice(0, 3), ['protocol-allowed', 'protocol-allowed', 'protocol-not-allowed'])
})

t.test('deny list with unknown protocol names; no session_type at all', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'protocol', options: { deny: ['ICECAST', 'whep'] } }], { default: 'allow' }))
  t.equal((await nimble(app, nimbleBody({ session_type: 'ICECAST' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ session_type: 'WHEP' }))).status, 403, 'a protocol newer than the docs')
  t.equal((await nimble(app, nimbleBody({ session_type: 'SRT' }))).status, 200, 'an unknown name abstains')
  const body = nimbleBody()
  delete body.session_type
  t.equal((await nimble(app, body)).status, 200, 'missing session_type abstains on a deny list')
})

t.test('per application through policies', async t => {
  const { app } = await buildTestApp(t, {
    policies: [
      { match: { app: 'radio' }, rules: [{ rule: 'protocol', options: { allow: ['ICECAST', 'PD'] } }] },
      { rules: [{ rule: 'protocol', options: { allow: ['HLS'] } }] }
    ]
  })
  t.equal((await nimble(app, nimbleBody({ url: '/radio/one/icecast.stream', session_type: 'ICECAST' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ url: '/radio/one/playlist.m3u8', session_type: 'HLS' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ url: '/live/one/playlist.m3u8', session_type: 'HLS' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ url: '/live/one/icecast.stream', session_type: 'ICECAST' }))).status, 403)
})

t.test('bad options stop the boot', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'protocol', options: { allow: [''] } }])), /options\/allow\/0: must NOT have fewer than 1 characters/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'protocol', options: { allow: 'HLS' } }])), /options\/allow: must be array/)
})
