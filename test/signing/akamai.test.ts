import { createHmac } from 'node:crypto'
import t from 'tap'
import { akamai } from '../../src/signing/akamai.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

const KEY_HEX = '52a152a152a152a152a152a152a1'
const options = ruleOptions({ scheme: 'akamai', keys: [{ id: 'edge', secret: KEY_HEX, encoding: 'hex' }], clockSkewSeconds: 10 })
/** EdgeAuth (Auth Token 2.0): HMAC-SHA256 keyed with the hex-decoded key over the ~-joined fields, appended as ~hmac=<hex>. */
const hmac = (fields: string, algorithm = 'sha256'): string => createHmac(algorithm, Buffer.from(KEY_HEX, 'hex')).update(fields).digest('hex')
const token = (fields: string): string => `${fields}~hmac=${hmac(fields)}`

const verify = (hdnts: string, now = 1500, path = '/live/stream/playlist.m3u8', ip = '198.51.100.7', opts = options) =>
  akamai.verifier(opts, keysOf(opts)).verify(accessRequest(`${path}?hdnts=${encodeURIComponent(hdnts)}`, ip), now)

t.test('an ACL token computed from the EdgeAuth description verifies, with wildcards and ! lists', async t => {
  t.match(verify(token('st=1000~exp=2000~acl=/live/stream/*')), { ok: true })
  t.match(verify(token('st=1000~exp=2000~acl=/live/stream/*'), 1500, '/live/stream/seg_1.ts'), { ok: true })
  t.same(verify(token('st=1000~exp=2000~acl=/live/stream/*'), 1500, '/live/other/playlist.m3u8'), { ok: false, reason: 'token-path-mismatch' })
  t.match(verify(token('exp=2000~acl=/vod/*!/live/stream/playlist.m3?8')), { ok: true }, 'second ACL entry, ? wildcard')
  t.match(verify(token('exp=2000~acl=/vod/*!/live/str??m/*'), 1500, '/live/strxxm/a.ts'), { ok: true })
})

t.test('a URL token hashes ~url=<path> without carrying it', async t => {
  const fields = 'exp=2000'
  const urlToken = `${fields}~hmac=${hmac(`${fields}~url=/live/stream/playlist.m3u8`)}`
  t.match(verify(urlToken), { ok: true })
  t.same(verify(urlToken, 1500, '/live/stream/other.m3u8'), { ok: false, reason: 'token-bad-signature' })
})

t.test('time window, IP and salt', async t => {
  const tok = token('ip=198.51.100.7~st=1000~exp=2000~acl=/*')
  t.match(verify(tok, 2010), { ok: true }, 'exp + skew')
  t.same(verify(tok, 2011), { ok: false, reason: 'token-expired' })
  t.match(verify(tok, 990), { ok: true }, 'st - skew')
  t.same(verify(tok, 989), { ok: false, reason: 'token-not-yet-valid' })
  t.same(verify(tok, 1500, '/x', '198.51.100.8'), { ok: false, reason: 'token-ip-mismatch' })
  const salted = ruleOptions({ ...options, akamai: { algorithm: 'sha256', salt: 'pepper' } })
  const fields = 'exp=2000~acl=/*'
  t.match(verify(`${fields}~hmac=${hmac(`${fields}~salt=pepper`)}`, 1500, '/x', '1.1.1.1', salted), { ok: true })
  t.same(verify(token(fields), 1500, '/x', '1.1.1.1', salted), { ok: false, reason: 'token-bad-signature' })
  const sha1 = ruleOptions({ ...options, akamai: { algorithm: 'sha1' } })
  t.match(verify(`${fields}~hmac=${hmac(fields, 'sha1')}`, 1500, '/x', '1.1.1.1', sha1), { ok: true })
})

t.test('missing, malformed and tampered tokens', async t => {
  t.same(verify(''), { ok: false, reason: 'token-missing' })
  for (const bad of [
    'exp=2000~acl=/*', `hmac=${hmac('')}`, token('exp=soon~acl=/*'), token('acl=/*'), token('exp=2000~acl=/*~who=me'),
    `exp=2000~acl=/*~hmac=xyz`, `exp=2000~hmac=${hmac('exp=2000')}~acl=/*`, token('exp=2000~exp=3000~acl=/*')
  ]) {
    t.same(verify(bad), { ok: false, reason: 'token-malformed' }, bad)
  }
  const good = token('ip=198.51.100.7~exp=2000~acl=/live/*')
  for (const tampered of [good.replace('exp=2000', 'exp=2001'), good.replace('acl=/live/*', 'acl=/*'), good.replace('ip=198.51.100.7', 'ip=198.51.100.8'), good.slice(0, -1) + (good.endsWith('0') ? '1' : '0')]) {
    t.same(verify(tampered), { ok: false, reason: 'token-bad-signature' }, tampered)
  }
})

t.test('sign → verify round trip', async t => {
  const key = keysOf(options)[0]!
  const signed = akamai.sign({ path: '/live/stream/playlist.m3u8', scope: '/live/stream/*', key, issuedAt: 1000, expires: 2000, ip: '198.51.100.7' }, options).hdnts!
  t.equal(signed, token('ip=198.51.100.7~st=1000~exp=2000~acl=/live/stream/*'), 'the signer writes the described fields')
  t.match(verify(signed), { ok: true })
  t.throws(() => akamai.sign({ path: '/a', key, issuedAt: 0, expires: 1, viewerId: 'v' }, options), /viewer/)
  t.throws(() => akamai.sign({ path: '/a', scope: '/b/*', key, issuedAt: 0, expires: 1 }, options), /does not cover/)
})
