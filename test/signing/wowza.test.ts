import { createHash } from 'node:crypto'
import t from 'tap'
import { toAccessRequest as mediamtxRequest } from '../../src/adapters/mediamtx/translate.js'
import { toAccessRequest as nginxRtmpRequest } from '../../src/adapters/nginx-rtmp/translate.js'
import { contentPath, wowza, wowzaHashInput } from '../../src/signing/wowza.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

const options = ruleOptions({ scheme: 'wowza', keys: [{ id: 'w', secret: 'xyzSharedSecret' }], clockSkewSeconds: 0 })
/** SecureToken v2: SHA-256 of "<content path>?<params, secret, [client IP] sorted, joined by &>", base64 with + / made - _. */
const wowzaHash = (input: string, algorithm = 'sha256'): string => createHash(algorithm).update(input).digest('base64').replace(/\+/g, '-').replace(/\//g, '_')

const verify = (url: string, now = 1_400_000_000, ip = '192.168.1.2', opts = options) =>
  wowza.verifier(opts, keysOf(opts)).verify(accessRequest(url, ip), now)

t.test('the hash input of Wowza\'s documented RTSP example', async t => {
  // "vod/myInstance/sample.mp4?wowzatokenCustomParameter=abcdef&wowzatokenendtime=1500000000&xyzSharedSecret"
  t.equal(wowzaHashInput(accessRequest('/vod/myInstance/sample.mp4').url, [['wowzatokenendtime', '1500000000'], ['wowzatokenCustomParameter', 'abcdef']], 'xyzSharedSecret', undefined),
    'vod/myInstance/sample.mp4?wowzatokenCustomParameter=abcdef&wowzatokenendtime=1500000000&xyzSharedSecret')
  const hash = wowzaHash('vod/myInstance/sample.mp4?wowzatokenCustomParameter=abcdef&wowzatokenendtime=1500000000&xyzSharedSecret')
  t.match(verify(`/vod/myInstance/sample.mp4?wowzatokenendtime=1500000000&wowzatokenCustomParameter=abcdef&wowzatokenhash=${hash}`), { ok: true })
  t.same(verify(`/vod/myInstance/sample.mp4?wowzatokenendtime=1500000000&wowzatokenCustomParameter=abcdeg&wowzatokenhash=${hash}`),
    { ok: false, reason: 'token-bad-signature' }, 'custom prefixed parameters are signed')
})

t.test('an HLS URL: the manifest name is not part of the content path; the client IP sorts with the rest', async t => {
  const urlPath = (url: string): string => contentPath(accessRequest(url).url)
  t.equal(urlPath('/live/myStream/playlist.m3u8'), 'live/myStream')
  t.equal(urlPath('/vod/_definst_/sample.mp4/manifest.mpd'), 'vod/_definst_/sample.mp4')
  t.equal(urlPath('/live/myStream'), 'live/myStream')
  t.equal(urlPath('/live/myStream.m3u8'), 'live/myStream.m3u8', 'a manifest name in the stream\'s own place is the stream')
  const ipOptions = ruleOptions({ ...options, wowza: { includeClientIp: true, algorithm: 'sha512', prefix: 'sg' } })
  const hash = wowzaHash('live/myStream?192.168.1.2&sgendtime=1400000100&sgstarttime=1400000000&xyzSharedSecret', 'sha512')
  const url = `/live/myStream/playlist.m3u8?sgstarttime=1400000000&sgendtime=1400000100&sghash=${hash}`
  t.match(verify(url, 1_400_000_000, '192.168.1.2', ipOptions), { ok: true })
  t.same(verify(url, 1_400_000_000, '192.168.1.3', ipOptions), { ok: false, reason: 'token-bad-signature' })
  t.match(verify(url, 1_400_000_100, '192.168.1.2', ipOptions), { ok: true })
  t.same(verify(url, 1_400_000_101, '192.168.1.2', ipOptions), { ok: false, reason: 'token-expired' })
  t.same(verify(url, 1_399_999_999, '192.168.1.2', ipOptions), { ok: false, reason: 'token-not-yet-valid' })
  t.match(verify(url.replace(/=+$/, ''), 1_400_000_000, '192.168.1.2', ipOptions), { ok: true }, 'padding optional')
})

t.test('missing and malformed', async t => {
  t.same(verify('/live/s/playlist.m3u8?wowzatokenendtime=1'), { ok: false, reason: 'token-missing' })
  t.same(verify('/live/s/playlist.m3u8?wowzatokenhash=abc'), { ok: false, reason: 'token-malformed' }, 'no end time')
  t.same(verify('/live/s/playlist.m3u8?wowzatokenhash=abc&wowzatokenendtime=x'), { ok: false, reason: 'token-malformed' })
  t.same(verify('/live/s/playlist.m3u8?wowzatokenhash=a%25b&wowzatokenendtime=1'), { ok: false, reason: 'token-malformed' })
})

t.test('sign → verify round trip', async t => {
  const key = keysOf(options)[0]!
  const query = wowza.sign({ path: '/live/myStream/playlist.m3u8', key, issuedAt: 1000, expires: 2000 }, options)
  t.equal(query.wowzatokenhash, wowzaHash('live/myStream?wowzatokenendtime=2000&wowzatokenstarttime=1000&xyzSharedSecret'))
  t.match(verify(`/live/myStream/playlist.m3u8?${new URLSearchParams(query).toString()}`, 1500), { ok: true })
  t.throws(() => wowza.sign({ path: '/a/b', key, issuedAt: 0, expires: 1, ip: '1.2.3.4' }, options), /includeClientIp/)
  const ipOptions = ruleOptions({ ...options, wowza: { includeClientIp: true } })
  t.throws(() => wowza.sign({ path: '/a/b', key, issuedAt: 0, expires: 1 }, ipOptions), /needs the viewer's IP/)
})

t.test('p1 and p10: Wowza\'s documented order sorts the name=value strings; order: names sorts the names', async t => {
  const documented = wowzaHash('live/s?wowzatokenendtime=1400000100&wowzatokenp10=y&wowzatokenp1=x&xyzSharedSecret')
  const byName = wowzaHash('live/s?wowzatokenendtime=1400000100&wowzatokenp1=x&wowzatokenp10=y&xyzSharedSecret')
  const url = (hash: string) => `/live/s/playlist.m3u8?wowzatokenp1=x&wowzatokenp10=y&wowzatokenendtime=1400000100&wowzatokenhash=${hash}`
  const names = ruleOptions({ ...options, wowza: { order: 'names' } })
  t.match(verify(url(documented)), { ok: true })
  t.same(verify(url(byName)), { ok: false, reason: 'token-bad-signature' })
  t.match(verify(url(byName), 1_400_000_000, '192.168.1.2', names), { ok: true })
  t.same(verify(url(documented), 1_400_000_000, '192.168.1.2', names), { ok: false, reason: 'token-bad-signature' })
  t.same(verify(`/live/s%3Fx/playlist.m3u8?wowzatokenendtime=1400000100&wowzatokenhash=${documented}`), { ok: false, reason: 'token-malformed' }, 'a ? in the path')
})

t.test('where the media server names whole paths, a manifest-like last segment is part of the stream (MediaMTX, nginx-rtmp)', async t => {
  const key = keysOf(options)[0]!
  const query = new URLSearchParams(wowza.sign({ path: '/live/vip', key, issuedAt: 1_700_000_000, expires: 1_700_003_600 }, options)).toString()
  const verifier = wowza.verifier(options, keysOf(options))
  const mediamtx = (path: string, protocol: string) =>
    verifier.verify(mediamtxRequest({ ip: '198.51.100.7', action: 'read', path, protocol, query }, '198.51.100.7', { tokenParam: 'token', keyArg: 'key' }), 1_700_000_001)
  t.match(mediamtx('live/vip', 'rtsp'), { ok: true })
  for (const protocol of ['rtsp', 'hls']) {
    // read over HLS as /live/vip/other.m3u8/index.m3u8: MediaMTX asks for the path live/vip/other.m3u8
    t.same(mediamtx('live/vip/other.m3u8', protocol), { ok: false, reason: 'token-bad-signature' }, `MediaMTX path live/vip/other.m3u8 (${protocol})`)
  }
  const rtmp = (name: string) => verifier.verify(nginxRtmpRequest({ call: 'play', app: 'live', name, addr: '198.51.100.7', ...Object.fromEntries(new URLSearchParams(query)) }), 1_700_000_001)
  t.match(rtmp('vip'), { ok: true })
  t.same(rtmp('vip/other.m3u8'), { ok: false, reason: 'token-bad-signature' }, 'nginx-rtmp name vip/other.m3u8')
  t.match(verify(`/live/vip/playlist.m3u8?${query}`, 1_700_000_001), { ok: true }, 'an HTTP URL\'s manifest is a file of the stream')
})
