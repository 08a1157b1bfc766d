import t from 'tap'
import { clientIp, protocolOf, type TranslateOptions, toAccessRequest, toAnswer } from '../../../src/adapters/nginx-auth-request/translate.js'
import type { AccessRequest } from '../../../src/core/access-request.js'
import { compileRanges } from '../../../src/core/address.js'

const options: TranslateOptions = { trusted: undefined, sessionCookie: 'sessionid', dashPrefixes: ['/dash/'], pathRules: 'nginx' }

function translated (headers: Record<string, string>, with_: Partial<TranslateOptions> = {}): AccessRequest {
  const result = toAccessRequest({ 'x-real-ip': '198.51.100.7', ...headers }, { ...options, ...with_ })
  if ('refused' in result) throw new Error(`refused: ${result.refused}`)
  return result
}

t.test('protocol is inferred from the path', async t => {
  const cases: Array<[string, string]> = [
    ['/hls/stream/index.m3u8', 'HLS'],
    ['/hls/stream/12.ts', 'HLS'],
    ['/keys/stream/3.key', 'HLS'],
    ['/hls/stream/audio.AAC', 'HLS'],
    ['/hls/stream/INDEX.M3U8', 'HLS'],
    ['/dash/stream.mpd', 'DASH'],
    ['/vod/movie/manifest.mpd', 'DASH'],
    ['/dash/stream-0.m4s', 'DASH'],
    ['/dash/stream-init.mp4', 'DASH'],
    ['/vod/movie.mp4', 'HTTP'],
    ['/hls/stream/seg.m4s', 'HTTP'],
    ['/dashboard/stream-0.m4s', 'HTTP'],
    ['/live/stream', 'HTTP'],
    ['/index.html', 'HTTP'],
    ['/hls/stream/index.m3u8.bak', 'HTTP']
  ]
  for (const [path, protocol] of cases) t.equal(protocolOf(path, ['/dash/']), protocol, path)
  t.equal(protocolOf('/live/dash/x.m4s', ['/live/dash/', '/other/']), 'DASH', 'several configured DASH trees')
  t.equal(protocolOf('/dash/x.m4s', []), 'HTTP', 'no DASH tree configured')
})

t.test('the client address walks the hops from the right, skipping trusted proxies', async t => {
  const trusted = compileRanges(['10.0.0.0/8', '2001:db8:ff::/48'], 'trusted')
  const cases: Array<[string, string, typeof trusted, string]> = [
    ['', '198.51.100.7', undefined, '198.51.100.7'],
    ['198.51.100.7', '', undefined, '198.51.100.7'],
    ['1.2.3.4, 198.51.100.7', '198.51.100.7', undefined, '198.51.100.7'],
    ['1.2.3.4', '198.51.100.7', undefined, '198.51.100.7'],
    ['1.2.3.4', '10.0.0.1', undefined, '10.0.0.1'],
    ['198.51.100.7, 10.0.0.2', '10.0.0.2', trusted, '198.51.100.7'],
    ['1.2.3.4, 198.51.100.7, 10.0.0.3,10.0.0.2', '10.0.0.2', trusted, '198.51.100.7'],
    ['1.2.3.4', '198.51.100.7', trusted, '198.51.100.7'],
    ['10.0.0.9, 10.0.0.2', '10.0.0.1', trusted, '10.0.0.9'],
    ['', '10.0.0.1', trusted, '10.0.0.1'],
    [' 2001:db8::7 , 2001:db8:ff::1', '', trusted, '2001:db8::7'],
    ['garbage, 198.51.100.7', '198.51.100.7', undefined, '198.51.100.7'],
    [', ,198.51.100.7,', '', undefined, '198.51.100.7']
  ]
  for (const [forwardedFor, realIp, list, client] of cases) {
    t.equal(clientIp(forwardedFor, realIp, list), client, `XFF "${forwardedFor}", X-Real-IP "${realIp}", ${list === undefined ? 'nothing' : 'proxies'} trusted`)
  }
})

t.test('no address, or a hop that is not an address where the walk reaches it, is a refusal', async t => {
  const trusted = compileRanges(['10.0.0.0/8'], 'trusted')
  t.match(clientIp('', '', undefined), { refused: 'no-client-ip', detail: /X-Real-IP \$remote_addr/ })
  t.match(clientIp(' , ', ' ', undefined), { refused: 'no-client-ip' })
  t.match(clientIp('', 'unknown', undefined), { refused: 'bad-client-ip' })
  t.match(clientIp('garbage, 10.0.0.2', '10.0.0.1', trusted), { refused: 'bad-client-ip', detail: 'hop 3 from the right is not an IP address' })
  t.match(clientIp('198.51.100.7:5555', '', undefined), { refused: 'bad-client-ip' }, 'a port is not an address')
})

t.test('headers map onto the AccessRequest', async t => {
  const request = translated({
    'x-original-uri': '/live/stream/index.m3u8?token=abc&token=second&x=%2F',
    'x-original-method': 'GET',
    host: 'tv.example.com',
    'user-agent': 'VLC/3.0.20',
    referer: 'https://www.example.com/watch',
    cookie: 'a=1; sessionid=s%3Dcret; sessionid=second; b="quoted"'
  })
  t.match(request, {
    action: 'play',
    protocol: 'HLS',
    host: 'tv.example.com',
    url: { href: 'http://tv.example.com/live/stream/index.m3u8?token=abc&token=second&x=%2F', path: '/live/stream/index.m3u8', app: 'live', stream: 'stream', query: { token: 'abc', x: '/' } },
    ip: '198.51.100.7',
    userAgent: 'VLC/3.0.20',
    referer: 'https://www.example.com/watch',
    sessionId: 's%3Dcret'
  })
  t.same({ ...request.cookies }, { a: '1', sessionid: 's%3Dcret', b: '"quoted"' }, 'cookies as sent, as $cookie_<name> has them; the first of a repeated name wins')
  t.equal(Object.getPrototypeOf(request.cookies), null, 'no inherited names can pass for cookies')
  t.equal(translated({ 'x-original-uri': '/live/s/i.m3u8', cookie: 'sid=abc' }, { sessionCookie: 'sid' }).sessionId, 'abc', 'the session cookie name is configurable')
})

t.test('missing optional headers are read as empty; a missing method is GET', async t => {
  const request = translated({ 'x-original-uri': '/live/stream/index.m3u8' })
  t.match(request, { action: 'play', host: '', userAgent: '', referer: '', sessionId: '' })
  t.same({ ...request.cookies }, {})
  t.equal(request.url.href, 'http://localhost/live/stream/index.m3u8')
})

t.test('GET and HEAD are play, any other method publish', async t => {
  for (const method of ['GET', 'HEAD', 'head', '']) t.equal(translated({ 'x-original-uri': '/a/b', 'x-original-method': method }).action, 'play', method)
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) t.equal(translated({ 'x-original-uri': '/a/b', 'x-original-method': method }).action, 'publish', method)
})

t.test('the path is read as nginx matches it: slashes merged, dot segments resolved, percent-decoded', async t => {
  const cases: Array<[string, string, string]> = [
    ['//evil.example//live///stream/index.m3u8', '/evil.example/live/stream/index.m3u8', 'evil.example'],
    ['/free/../live/stream/index.m3u8', '/live/stream/index.m3u8', 'live'],
    ['/%6Cive/stream/index.m3u8', '/live/stream/index.m3u8', 'live'],
    ['/live/stream/index.m3u8?u=//x//y', '/live/stream/index.m3u8', 'live']
  ]
  for (const [uri, path, app] of cases) {
    const request = translated({ 'x-original-uri': uri, host: 'tv.example.com' })
    t.equal(request.url.path, path, uri)
    t.equal(request.url.app, app, uri)
    t.equal(new URL(request.url.href).host, 'tv.example.com', 'the host is never taken from the URI')
  }
  t.same(translated({ 'x-original-uri': '/live/stream/index.m3u8?u=//x//y' }).url.query, { u: '//x//y' }, 'the query is left alone')
  t.same(translated({ 'x-original-uri': '/live/s/i.m3u8?token=a#b&x=1' }).url.query, { token: 'a' }, 'the query ends at a #, as nginx 1.22\'s $args and $arg_token do')
  const { path, query } = translated({ 'x-original-uri': '/live/s/i.m3u8#x?token=a' }).url
  t.same([path, query], ['/live/s/i.m3u8', {}], 'a ? after a # starts no query, as in nginx')
})

t.test('a missing or unusable X-Original-URI, or a missing client address, is a refusal', async t => {
  const refused = (headers: Record<string, string>) => toAccessRequest(headers, options)
  t.match(refused({ 'x-real-ip': '198.51.100.7' }), { refused: 'no-original-uri', detail: /proxy_set_header X-Original-URI \$request_uri/ })
  t.match(refused({ 'x-real-ip': '198.51.100.7', 'x-original-uri': '' }), { refused: 'no-original-uri' })
  t.match(refused({ 'x-real-ip': '198.51.100.7', 'x-original-uri': 'http://evil.example/live/s' }), { refused: 'bad-uri' })
  t.match(refused({ 'x-real-ip': '198.51.100.7', 'x-original-uri': '/live/%E0%A4%A/s' }), { refused: 'path-bad-encoding' })
  t.match(refused({ 'x-real-ip': '198.51.100.7', 'x-original-uri': '/../live/s' }), { refused: 'path-above-root' })
  t.match(refused({ 'x-real-ip': '198.51.100.7', 'x-original-uri': '/live/s', host: 'bad host' }), { refused: 'bad-uri' })
  t.match(refused({ 'x-original-uri': '/live/s' }), { refused: 'no-client-ip' })
})

t.test('answers: 204 allow, the deny status, a redirect as 401 with its location', async t => {
  t.same(toAnswer({ outcome: 'allow', reason: 'r', rule: 'x' }, 403), { status: 204 })
  t.same(toAnswer({ outcome: 'deny', reason: 'r', rule: 'x' }, 403), { status: 403 })
  t.same(toAnswer({ outcome: 'deny', reason: 'r', rule: 'x' }, 401), { status: 401 })
  t.same(toAnswer({ outcome: 'redirect', reason: 'r', rule: 'x', location: '/login' }, 403), { status: 401, location: '/login' })
})

t.test('a redirect location that is not a valid header value is a 403', async t => {
  for (const location of ['https://x.example/\r\nSet-Cookie: a=b', 'https://x.example/ünï', 'https://x.example/\t']) {
    t.same(toAnswer({ outcome: 'redirect', reason: 'r', rule: 'x', location }, 401), { status: 403 }, JSON.stringify(location))
  }
})
