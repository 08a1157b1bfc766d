import t from 'tap'
import { schemes } from '../../src/signing/schemes.js'
import { signUrl } from '../../src/signing/sign-url.js'
import { accessRequest, at, keysOf, ruleOptions } from './helpers.js'

const NOW = new Date('2030-01-01T00:00:00Z')
const verifyAt = (url: string, options: Record<string, unknown>, ip = '198.51.100.7', now = at('2030-01-01T00:00:30Z')) => {
  const resolved = ruleOptions(options)
  return schemes[resolved.scheme].verifier(resolved, keysOf(resolved)).verify(accessRequest(url, ip), now)
}

t.test('every scheme: signUrl makes what its verifier accepts', async t => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['native', { key: 'a-native-key-of-enough-bytes' }, {}],
    ['nimble', { key: 'defaultpassword', ip: '198.51.100.7' }, {}],
    ['nginx-secure-link', { key: 'secret', ip: '198.51.100.7' }, {}],
    ['akamai', { key: '00ff00ff', keyEncoding: 'hex' }, {}],
    ['wowza', { key: 'wowza', ip: '198.51.100.7' }, { wowza: { includeClientIp: true } }]
  ]
  for (const [scheme, extra, schemeOptions] of cases) {
    const url = signUrl({ scheme: scheme as never, stream: '/live/stream/playlist.m3u8', ttl: 60, now: NOW, schemeOptions, ...extra } as never)
    const keys = [{ id: 'default', secret: extra.key, encoding: extra.keyEncoding ?? 'utf8' }]
    t.same(verifyAt(url, { scheme, keys, ...schemeOptions }), { ok: true, expires: NOW.getTime() / 1000 + 60 }, `${scheme}: valid until it expires`)
    t.same(verifyAt(url, { scheme, keys, ...schemeOptions }, '198.51.100.7', at('2030-01-01T00:10:00Z')), { ok: false, reason: 'token-expired' }, `${scheme} expires`)
  }
})

t.test('URL shape: base URL, an existing query kept, a parameter name from the scheme options', async t => {
  const url = signUrl({ stream: '/live/s/playlist.m3u8?lang=en', key: 'a-native-key-of-enough-bytes', ttl: 60, baseUrl: 'https://cdn.example.com:8443', schemeOptions: { param: 'sg' }, now: NOW })
  t.match(url, /^https:\/\/cdn\.example\.com:8443\/live\/s\/playlist\.m3u8\?lang=en&sg=[\w-]+\.[\w-]+$/)
  t.match(verifyAt(new URL(url).pathname + new URL(url).search, { param: 'sg', keys: [{ id: 'default', secret: 'a-native-key-of-enough-bytes' }] }), { ok: true })
})

t.test('an rtmp:// base URL keeps its scheme, host and port (it has no origin)', async t => {
  const url = signUrl({ stream: '/app/benw', key: 'a-native-key-of-enough-bytes', ttl: 60, baseUrl: 'rtmp://media.example.com:1935', now: NOW })
  t.match(url, /^rtmp:\/\/media\.example\.com:1935\/app\/benw\?token=[\w-]+\.[\w-]+$/)
})

t.test('refuses what it cannot sign', async t => {
  const base = { stream: '/live/s', key: 'a-native-key-of-enough-bytes' }
  t.throws(() => signUrl({ ...base, ttl: 0 }), /ttl must be a whole number/)
  t.throws(() => signUrl({ ...base, ttl: 1.5 }), /ttl must be a whole number/)
  t.throws(() => signUrl({ ...base, ttl: 60, kid: 'bad kid' }), /options\/keys\/0\/id: must match pattern/)
  t.throws(() => signUrl({ ...base, ttl: 60, schemeOptions: { wowza: { prefix: '&' } } as never }), /wowza\/prefix/)
  t.throws(() => signUrl({ ...base, ttl: 60, ip: '198.51.100.7', ipPrefix: 40 }), /valid prefix length/)
})
