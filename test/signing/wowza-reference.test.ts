import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { wowza } from '../../src/signing/wowza.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

/** URLs made by remiheens/php-wowza-securetoken; test/fixtures/signing/README.md says how. */
interface Fixture { secret: string, cases: Array<{ name: string, url: string, ip: string | null, algorithm: string, fullUrl: string }> }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/signing/wowza-php-securetoken.json', import.meta.url), 'utf8')) as Fixture
const NOW = 1700000100

const optionsFor = (c: Fixture['cases'][number], order: 'pairs' | 'names') => ruleOptions({
  scheme: 'wowza',
  keys: [{ id: 'w', secret: fixture.secret }],
  wowza: { algorithm: c.algorithm, includeClientIp: c.ip !== null, order }
})
const verify = (c: Fixture['cases'][number], order: 'pairs' | 'names', url = c.fullUrl, ip = c.ip ?? '203.0.113.9') => {
  const options = optionsFor(c, order)
  const parsed = new URL(url)
  return wowza.verifier(options, keysOf(options)).verify(accessRequest(parsed.pathname + parsed.search, ip), NOW)
}

t.test('every URL the PHP library made verifies with order: names', async t => {
  for (const c of fixture.cases) {
    t.match(verify(c, 'names'), c.name === 'expired' ? { ok: false, reason: 'token-expired' } : { ok: true }, c.name)
  }
})

t.test('with Wowza\'s documented order they verify too, but for parameter names that begin one another', async t => {
  for (const c of fixture.cases.filter(c => c.name !== 'expired')) {
    t.match(verify(c, 'pairs'), c.name.includes('p10') ? { ok: false, reason: 'token-bad-signature' } : { ok: true }, c.name)
  }
})

t.test('the library\'s URLs bind their stream, parameters and address', async t => {
  for (const c of fixture.cases.filter(c => c.name !== 'expired')) {
    t.same(verify(c, 'names', c.fullUrl.replace('myStream', 'otherStream').replace('sample.mp4', 'other.mp4')), { ok: false, reason: 'token-bad-signature' }, `stream: ${c.name}`)
    t.same(verify(c, 'names', c.fullUrl.replace('endtime=4102444800', 'endtime=4102444801')), { ok: false, reason: 'token-bad-signature' }, `end: ${c.name}`)
    if (c.ip !== null) t.same(verify(c, 'names', c.fullUrl, '198.51.100.8'), { ok: false, reason: 'token-bad-signature' }, `ip: ${c.name}`)
  }
  const custom = fixture.cases.find(c => c.name.includes('p10'))!
  t.same(verify(custom, 'names', custom.fullUrl.replace('p10=y', 'p10=z')), { ok: false, reason: 'token-bad-signature' }, 'custom parameters are signed')
  t.same(verify(custom, 'names', custom.fullUrl.replace('p10=y', 'p10=y%26wowzatokenq=1')), { ok: false, reason: 'token-malformed' }, 'an & inside a value is refused')
})

/** A port of the PHP library's getHash (0.1.2) for these tests: ksort of name => value with the IP and secret as bare names. */
function phpLibraryHash (contentPath: string, params: Record<string, string>, secret: string, ip: string | undefined, algorithm: string): string {
  const items: Record<string, string> = { ...params, ...(ip === undefined ? {} : { [ip]: '' }), [secret]: '' }
  const query = Object.keys(items).sort().map(k => items[k] === '' ? k : `${k}=${items[k]}`).join('&')
  return createHash(algorithm).update(`${contentPath}?${query}`).digest('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

t.test('streamgate signs what the PHP library makes, in either order where they agree and in names order always', async t => {
  for (const [order, ip] of [['names', undefined], ['names', '198.51.100.7'], ['pairs', '198.51.100.7']] as const) {
    for (const algorithm of ['sha256', 'sha384', 'sha512']) {
      const options = ruleOptions({ scheme: 'wowza', keys: [{ id: 'w', secret: fixture.secret }], wowza: { algorithm, includeClientIp: ip !== undefined, order } })
      const query = wowza.sign({ path: '/live/myStream/playlist.m3u8', key: keysOf(options)[0]!, issuedAt: 1000, expires: 2000, ...(ip === undefined ? {} : { ip }) }, options)
      t.equal(query.wowzatokenhash, phpLibraryHash('live/myStream', { wowzatokenstarttime: '1000', wowzatokenendtime: '2000' }, fixture.secret, ip, algorithm), `${order} ${algorithm} ${ip ?? ''}`)
    }
  }
})
