import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const rule = (options: Record<string, unknown>) => oneChain([{ rule: 'ip-range', options }], { default: 'allow' })

t.test('deny list refuses matching IPv4 and IPv6, abstains otherwise', async t => {
  const { app } = await buildTestApp(t, rule({ deny: ['203.0.113.0/24', '2001:db8:bad::/48', '192.0.2.1'] }))
  t.equal((await nimble(app, nimbleBody({ ip: '203.0.113.77' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ ip: '192.0.2.1' }))).status, 403, 'a single address without prefix')
  t.equal((await nimble(app, nimbleBody({ ip: '192.0.2.2' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ ip: '2001:db8:bad::1' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ ip: '2001:db8:600d::1' }))).status, 200)
})

t.test('IPv4-mapped IPv6 addresses match IPv4 ranges', async t => {
  const { app } = await buildTestApp(t, rule({ deny: ['203.0.113.0/24'] }))
  t.equal((await nimble(app, nimbleBody({ ip: '::ffff:203.0.113.5' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ ip: '::ffff:198.51.100.5' }))).status, 200)
})

t.test('a range of IPv4-mapped addresses written with a dotted quad covers the IPv4 range it maps', async t => {
  const { app } = await buildTestApp(t, rule({ deny: ['::ffff:192.168.0.0/112'] }))
  t.equal((await nimble(app, nimbleBody({ ip: '192.168.1.5' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ ip: '::ffff:192.168.1.5' }))).status, 403)
  t.equal((await nimble(app, nimbleBody({ ip: '192.169.1.5' }))).status, 200)
})

t.test('an address in another spelling is the same host; what is no address is refused, never outside a deny list', async t => {
  const { app } = await buildTestApp(t, rule({ deny: ['10.0.0.0/8'] }))
  const decide = async (ip: string) => await app.authorize({ action: 'play', protocol: 'ICECAST', host: 'h', url: { href: 'http://h/live/s', path: '/live/s', app: 'live', stream: 's', query: {} }, ip, userAgent: '', referer: '', sessionId: '', raw: {} }, { adapter: 'test', log: app.log })
  t.match(await decide('::ffff:a00:1'), { outcome: 'deny', reason: 'ip-denied' })
  for (const ip of ['010.0.0.1', '10.0.0.1 ', '167772161', '0xa.0.0.1', '']) t.match(await decide(ip), { outcome: 'deny', reason: 'bad-address' }, JSON.stringify(ip))
})

t.test('allow list: inside allows, outside gets onNotAllowed', async t => {
  const { app, logs } = await buildTestApp(t, rule({ allow: ['10.0.0.0/8', 'fd00::/8'] }))
  t.equal((await nimble(app, nimbleBody({ ip: '10.20.30.40' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ ip: 'fd12::1' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ ip: '11.0.0.1' }))).status, 403)
  const reasons = logs.lines.filter(l => l.msg === 'decision').map(l => `${String(l.rule)}:${String(l.reason)}`)
  t.same(reasons, ['ip-range:ip-allowed', 'ip-range:ip-allowed', 'ip-range:ip-not-allowed'])
})

t.test('deny wins over allow; outcomes are configurable, including redirect and abstain', async t => {
  const { app } = await buildTestApp(t, oneChain([{
    rule: 'ip-range',
    options: { allow: ['10.0.0.0/8'], deny: ['10.6.6.0/24'], onAllowed: 'abstain', onNotAllowed: { redirect: '/live/stub/playlist.m3u8' } }
  }], { default: 'deny' }))
  t.equal((await nimble(app, nimbleBody({ ip: '10.6.6.6' }))).status, 403, 'deny list first')
  t.equal((await nimble(app, nimbleBody({ ip: '10.1.1.1' }))).status, 403, 'abstain falls through to the policy default')
  const redirected = await nimble(app, nimbleBody({ ip: '8.8.8.8' }))
  t.equal(redirected.status, 302)
  t.equal(redirected.body.redirect_location, 'http://media.example.com/live/stub/playlist.m3u8')
})

t.test('a bad address or CIDR in the options stops the boot with its path', async t => {
  await t.rejects(buildTestApp(t, rule({ deny: ['10.0.0.0/33'] })), /policies\/0\/rules\/0: deny: "10.0.0.0\/33"/)
  await t.rejects(buildTestApp(t, rule({ allow: ['not-an-ip'] })), /allow: "not-an-ip"/)
  await t.rejects(buildTestApp(t, rule({ deny: '10.0.0.0/8' })), /options\/deny: must be array/)
  await t.rejects(buildTestApp(t, rule({ denny: [] })), /must NOT have additional properties \(denny\)/)
})
