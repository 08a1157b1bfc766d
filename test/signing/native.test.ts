import { createHmac } from 'node:crypto'
import t from 'tap'
import { native } from '../../src/signing/native.js'
import type { SignParams } from '../../src/signing/scheme.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

const KEY = 'native-test-key-0123456789abcdef'
const options = ruleOptions({ keys: [{ id: 'k2', secret: KEY }, { id: 'k1', secret: 'an-older-key-0123456789' }], clockSkewSeconds: 30 })
const keys = keysOf(options)
const verifier = native.verifier(options, keys)
const T = 1_800_000_000
const PATH = '/live/stream/playlist.m3u8'

const sign = (overrides: Partial<SignParams> = {}): string =>
  native.sign({ path: PATH, key: keys[0]!, issuedAt: T - 60, expires: T, ...overrides }, options).token!

const verify = (token: string, now = T, url = PATH, ip = '198.51.100.7', sessionId = '1000') =>
  verifier.verify(accessRequest(`${url}?token=${encodeURIComponent(token)}`, ip, { sessionId }), now)

/** A token made by hand from the format's description: base64url(JSON claims) "." base64url(HMAC-SHA256(key, first part)). */
function handMade (claims: Record<string, unknown>, key = KEY): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`
}

t.test('a token made from the format description verifies, and yields its viewer id', async t => {
  const token = handMade({ v: 1, kid: 'k2', path: PATH, exp: T, sub: 'viewer-42' })
  t.match(verify(token), { ok: true, subject: 'viewer-42' })
  t.equal(sign({ viewerId: 'viewer-42' }), token, 'the signer writes the same bytes')
})

t.test('round trip, with key rotation by kid', async t => {
  t.match(verify(sign()), { ok: true })
  const old = native.sign({ path: PATH, key: keys[1]!, issuedAt: T, expires: T }, options).token!
  t.match(verify(old), { ok: true }, 'a token from the older key still verifies')
  const withoutOld = native.verifier(ruleOptions({ keys: [{ id: 'k2', secret: KEY }] }), keysOf(ruleOptions({ keys: [{ id: 'k2', secret: KEY }] })))
  t.same(withoutOld.verify(accessRequest(`${PATH}?token=${old}`), T), { ok: false, reason: 'token-bad-signature' }, 'a removed kid no longer verifies')
})

t.test('expiry at the second boundary, with the skew allowance on both ends', async t => {
  const token = sign()
  t.match(verify(token, T + 30), { ok: true }, 'valid through exp + skew')
  t.same(verify(token, T + 31), { ok: false, reason: 'token-expired' })
  const later = handMade({ v: 1, kid: 'k2', path: PATH, nbf: T, exp: T + 600 })
  t.match(verify(later, T - 30), { ok: true }, 'accepted from nbf - skew')
  t.same(verify(later, T - 31), { ok: false, reason: 'token-not-yet-valid' })
})

t.test('each binding is enforced with its own reason', async t => {
  t.same(verify(sign(), T, '/live/other/playlist.m3u8'), { ok: false, reason: 'token-path-mismatch' })
  const prefix = sign({ scope: '/live/stream/*' })
  t.match(verify(prefix, T, '/live/stream/chunk_1.ts'), { ok: true }, 'a scope ending in * covers the stream\'s files')
  t.same(verify(prefix, T, '/live/streamer/playlist.m3u8'), { ok: false, reason: 'token-path-mismatch' }, 'the slash keeps a longer stream name out')
  t.same(verify(prefix, T, '/live/other/playlist.m3u8'), { ok: false, reason: 'token-path-mismatch' })

  const bound = sign({ ip: '198.51.100.7' })
  t.match(verify(bound), { ok: true })
  t.same(verify(bound, T, PATH, '198.51.100.8'), { ok: false, reason: 'token-ip-mismatch' })
  t.match(verify(bound, T, PATH, '::ffff:198.51.100.7'), { ok: true }, 'an IPv4-mapped address is the same viewer')
  const cidr = sign({ ip: '198.51.100.0/24' })
  t.match(verify(cidr, T, PATH, '198.51.100.250'), { ok: true })
  t.same(verify(cidr, T, PATH, '198.51.101.1'), { ok: false, reason: 'token-ip-mismatch' })
  const v6 = sign({ ip: '2001:db8::/48' })
  t.match(verify(v6, T, PATH, '2001:db8::1'), { ok: true })
  t.same(verify(v6, T, PATH, '2001:db9::1'), { ok: false, reason: 'token-ip-mismatch' })

  const session = sign({ sessionId: 'abc' })
  t.match(verify(session, T, PATH, '198.51.100.7', 'abc'), { ok: true })
  t.same(verify(session, T, PATH, '198.51.100.7', 'abd'), { ok: false, reason: 'token-session-mismatch' })
})

t.test('missing, malformed and badly signed tokens', async t => {
  t.same(verifier.verify(accessRequest(PATH), T), { ok: false, reason: 'token-missing' })
  t.same(verify(''), { ok: false, reason: 'token-missing' })
  const claims = { v: 1, kid: 'k2', path: PATH, exp: T }
  for (const bad of [
    'nodot', 'a.b.c', `${'A'.repeat(5000)}.${'B'.repeat(43)}`, '!!!.' + 'A'.repeat(43),
    handMade(claims).slice(0, -1), // MAC one character short
    `${Buffer.from('not json').toString('base64url')}.${'A'.repeat(43)}`,
    handMade({ ...claims, v: 2 }), handMade({ ...claims, exp: 'soon' }), handMade({ ...claims, extra: 1 }),
    handMade({ kid: 'k2', path: PATH }), handMade({ ...claims, path: 'relative' }), handMade({ ...claims, ip: 'not-an-ip' })
  ]) {
    t.same(verify(bad), { ok: false, reason: 'token-malformed' }, bad.slice(0, 40))
  }
  t.same(verify(handMade(claims, 'some-other-key-0123456789')), { ok: false, reason: 'token-bad-signature' })
  t.same(verify(handMade({ ...claims, kid: 'k9' })), { ok: false, reason: 'token-bad-signature' }, 'unknown kid')
})

t.test('a token whose signature checked out once is still held to its window and bindings on every request', async t => {
  const fresh = native.verifier(options, keys)
  const check = (token: string, now = T, url = PATH, ip = '198.51.100.7', sessionId = '1000') =>
    fresh.verify(accessRequest(`${url}?token=${encodeURIComponent(token)}`, ip, { sessionId }), now)
  const token = sign({ ip: '198.51.100.7', sessionId: '1000', scope: '/live/stream/*', viewerId: 'v1' })
  t.same(check(token), { ok: true, subject: 'v1', expires: T })
  t.same(check(token, T + 31), { ok: false, reason: 'token-expired' }, 'expiry is read again')
  t.same(check(token, T, '/live/other/playlist.m3u8'), { ok: false, reason: 'token-path-mismatch' })
  t.same(check(token, T, PATH, '198.51.100.8'), { ok: false, reason: 'token-ip-mismatch' })
  t.same(check(token, T, PATH, '198.51.100.7', '1001'), { ok: false, reason: 'token-session-mismatch' })
  t.same(check(token, T, '/live/stream/chunk_2.ts'), { ok: true, subject: 'v1', expires: T }, 'and the same token still passes')
  const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
  t.same(check(forged), { ok: false, reason: 'token-bad-signature' }, 'a token differing from a remembered one is checked in full')
  t.same(check(forged), { ok: false, reason: 'token-bad-signature' }, 'and a bad one is never remembered')
  const mac = token.slice(token.indexOf('.') + 1)
  const widened = Buffer.from(JSON.stringify({ v: 1, kid: 'k2', path: '/*', exp: T + 86_400, sub: 'v1' })).toString('base64url')
  for (const recut of [`${widened}.${mac}`, `${widened}${token}`, `.${mac}`, mac]) {
    t.not(check(recut).ok, true, `a text ending in a remembered MAC is checked in full: ${recut.slice(0, 20)}…`)
  }
  t.same(check(token), { ok: true, subject: 'v1', expires: T }, 'and the remembered token still passes')
  const otherKeys = keysOf(ruleOptions({ keys: [{ id: 'k2', secret: 'a-different-key-0123456789abcdef' }] }))
  t.same(native.verifier(options, otherKeys).verify(accessRequest(`${PATH}?token=${token}`, '198.51.100.7', { sessionId: '1000' }), T),
    { ok: false, reason: 'token-bad-signature' }, 'what one verifier remembers, another (a reloaded key set) does not')
})

t.test('changing any single character of the token, the path or the IP fails', async t => {
  const token = sign({ ip: '198.51.100.7' })
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  let accepted = 0
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '.') continue
    const swapped = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]!
    const tampered = token.slice(0, i) + swapped + token.slice(i + 1)
    if (verify(tampered).ok) accepted++
  }
  t.equal(accepted, 0, 'not even the spare bits of the MAC\'s last character')
  for (let i = 1; i < PATH.length; i++) {
    const path = PATH.slice(0, i) + (PATH[i] === 'x' ? 'y' : 'x') + PATH.slice(i + 1)
    t.notOk(verify(token, T, path).ok, path)
  }
  for (const ip of ['198.51.100.6', '198.51.100.17', '198.51.101.7', '198.52.100.7', '199.51.100.7', '108.51.100.7']) {
    t.same(verify(token, T, PATH, ip), { ok: false, reason: 'token-ip-mismatch' }, ip)
  }
})

t.test('the signer refuses what it cannot bind', async t => {
  t.throws(() => sign({ ip: 'nope' }), /"nope" is not an IP address or CIDR/)
  t.throws(() => sign({ scope: '/live/other/*' }), /does not cover/)
})
