import type { BlockList } from 'node:net'
import t from 'tap'
import { clientIp, protocolOf, type TranslateOptions, toAccessRequest, toAnswer } from '../../../src/adapters/nginx-auth-request/translate.js'
import type { AccessRequest } from '../../../src/core/access-request.js'
import { compileRanges } from '../../../src/core/address.js'

const options: TranslateOptions = { addressHeader: 'both', trusted: undefined, sessionCookie: 'sessionid', dashPrefixes: ['/dash/'], pathRules: 'nginx' }

/** The address headers of the recipe's auth location, for a viewer that connects to nginx directly. */
const PEER = { 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7' }

function translated (headers: Record<string, string>, with_: Partial<TranslateOptions> = {}): AccessRequest {
  const result = toAccessRequest({ ...PEER, ...headers }, { ...options, ...with_ })
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

type AddressHeader = TranslateOptions['addressHeader']

/** The address clientIp reads, or the reason it refuses. */
function read (forwardedFor: string | undefined, realIp: string | undefined, addressHeader: AddressHeader, trusted?: BlockList): string {
  const headers = { ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }), ...(realIp === undefined ? {} : { 'x-real-ip': realIp }) }
  const result = clientIp(headers, { addressHeader, trusted })
  return typeof result === 'string' ? result : result.refused
}

t.test('the client address is read only from the headers addressHeader names, walking the hops from the right past trusted proxies', async t => {
  const trusted = compileRanges(['10.0.0.0/8', '2001:db8:ff::/48'], 'trusted')
  // X-Forwarded-For, X-Real-IP, trusted proxies, then the address (or refusal) under both, x-real-ip, x-forwarded-for
  const cases: Array<[string | undefined, string | undefined, BlockList | undefined, string, string, string]> = [
    // what the recipe's nginx sends: X-Real-IP is $remote_addr, X-Forwarded-For ends with it
    ['198.51.100.7', '198.51.100.7', undefined, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    ['1.2.3.4, 198.51.100.7', '198.51.100.7', undefined, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    ['garbage, 198.51.100.7', '198.51.100.7', undefined, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    [', ,198.51.100.7,', ' 198.51.100.7 ', undefined, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    [' 198.51.100.7\t', '198.51.100.7', undefined, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    [' ', '198.51.100.7', undefined, 'no-client-ip', '198.51.100.7', 'no-client-ip'],
    ['', '198.51.100.7', undefined, 'no-client-ip', '198.51.100.7', 'no-client-ip'],
    ['198.51.100.7, 10.0.0.2', '10.0.0.2', undefined, '10.0.0.2', '10.0.0.2', '10.0.0.2'],
    ['198.51.100.7, 10.0.0.2', '10.0.0.2', trusted, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    ['1.2.3.4, 198.51.100.7, 10.0.0.3,10.0.0.2', '10.0.0.2', trusted, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    ['10.0.0.9, 10.0.0.1', '10.0.0.1', trusted, '10.0.0.9', '10.0.0.9', '10.0.0.9'],
    ['10.0.0.1', '10.0.0.1', trusted, '10.0.0.1', '10.0.0.1', '10.0.0.1'],
    [' 2001:db8::7 , 2001:db8:ff::1', '2001:db8:ff::1', trusted, '2001:db8::7', '2001:db8::7', '2001:db8::7'],
    // one host, one spelling: the address the rules count, bind tokens to and compare is canonical
    ['::ffff:198.51.100.7', '::ffff:198.51.100.7', undefined, '198.51.100.7', '198.51.100.7', '198.51.100.7'],
    ['2001:DB8:0:0::7', '2001:DB8:0:0::7', undefined, '2001:db8::7', '2001:db8::7', '2001:db8::7'],
    ['2001:db8::7, ::ffff:10.0.0.2', '::ffff:10.0.0.2', trusted, '2001:db8::7', '2001:db8::7', '2001:db8::7'],
    // nginx sets X-Forwarded-For alone: X-Real-IP is the viewer's word (an attacker at 198.51.100.66 claiming 203.0.113.9)
    ['198.51.100.66', '203.0.113.9', undefined, 'no-client-ip', '203.0.113.9', '198.51.100.66'],
    ['203.0.113.9, 198.51.100.66', '203.0.113.9', undefined, 'no-client-ip', '203.0.113.9', '198.51.100.66'],
    ['198.51.100.66', '10.0.0.1', trusted, 'no-client-ip', '198.51.100.66', '198.51.100.66'],
    ['198.51.100.7', undefined, undefined, 'no-client-ip', 'no-client-ip', '198.51.100.7'],
    ['198.51.100.7, 10.0.0.2', undefined, trusted, 'no-client-ip', 'no-client-ip', '198.51.100.7'],
    // nginx sets X-Real-IP alone: X-Forwarded-For is the viewer's word, or a trusted balancer's
    [undefined, '198.51.100.7', undefined, 'no-client-ip', '198.51.100.7', 'no-client-ip'],
    ['203.0.113.9', '198.51.100.66', undefined, 'no-client-ip', '198.51.100.66', '203.0.113.9'],
    ['203.0.113.9', '198.51.100.66', trusted, 'no-client-ip', '198.51.100.66', '203.0.113.9'],
    ['198.51.100.7', '10.0.0.2', trusted, 'no-client-ip', '198.51.100.7', '198.51.100.7'],
    [undefined, '10.0.0.1', trusted, 'no-client-ip', '10.0.0.1', 'no-client-ip']
  ]
  for (const [forwardedFor, realIp, list, ...clients] of cases) {
    for (const [i, addressHeader] of (['both', 'x-real-ip', 'x-forwarded-for'] as const).entries()) {
      t.equal(read(forwardedFor, realIp, addressHeader, list), clients[i], `${addressHeader}: XFF ${JSON.stringify(forwardedFor)}, X-Real-IP ${JSON.stringify(realIp)}, ${list === undefined ? 'nothing' : 'proxies'} trusted`)
    }
  }
})

t.test('a missing header, headers nginx did not both set, or a hop that is not an address where the walk reaches it, is a refusal', async t => {
  const trusted = compileRanges(['10.0.0.0/8'], 'trusted')
  const refusalOf = (headers: Record<string, string>, addressHeader: AddressHeader, list?: BlockList) => clientIp(headers, { addressHeader, trusted: list })
  const realIpLine = /X-Real-IP header missing: add proxy_set_header X-Real-IP \$remote_addr; to the auth location/
  const forwardedForLine = /X-Forwarded-For header missing: add proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; to the auth location/
  t.match(refusalOf({}, 'both'), { refused: 'no-client-ip', detail: realIpLine })
  t.match(refusalOf({ 'x-real-ip': '198.51.100.7' }, 'both'), { refused: 'no-client-ip', detail: forwardedForLine })
  t.match(refusalOf({ 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '198.51.100.66' }, 'both'), { refused: 'no-client-ip', detail: /nginx sets only one of them: add both proxy_set_header X-Real-IP \$remote_addr; and proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;.*adapters\.nginx\.addressHeader/ })
  t.match(refusalOf({ 'x-forwarded-for': '198.51.100.7' }, 'x-real-ip'), { refused: 'no-client-ip', detail: realIpLine })
  t.match(refusalOf({ 'x-real-ip': ' ', 'x-forwarded-for': '198.51.100.7' }, 'x-real-ip'), { refused: 'no-client-ip' })
  t.match(refusalOf({ 'x-real-ip': '198.51.100.7' }, 'x-forwarded-for'), { refused: 'no-client-ip', detail: forwardedForLine })
  t.match(refusalOf({ 'x-forwarded-for': ' , ' }, 'x-forwarded-for'), { refused: 'no-client-ip' })
  t.match(refusalOf({ 'x-real-ip': 'unknown', 'x-forwarded-for': 'unknown' }, 'both'), { refused: 'bad-client-ip' })
  t.match(refusalOf({ 'x-real-ip': 'unknown' }, 'x-real-ip'), { refused: 'bad-client-ip' })
  t.match(refusalOf({ 'x-real-ip': '10.0.0.1', 'x-forwarded-for': 'garbage, 10.0.0.2' }, 'x-real-ip', trusted), { refused: 'bad-client-ip', detail: 'hop 3 from the right is not an IP address' })
  t.match(refusalOf({ 'x-forwarded-for': 'garbage, 10.0.0.2' }, 'x-forwarded-for', trusted), { refused: 'bad-client-ip', detail: 'hop 2 from the right is not an IP address' })
  t.match(refusalOf({ 'x-forwarded-for': '198.51.100.7:5555' }, 'x-forwarded-for'), { refused: 'bad-client-ip' }, 'a port is not an address')
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
  for (const method of ['GET', 'get', 'Get', 'HEAD', 'head', '']) t.equal(translated({ 'x-original-uri': '/a/b', 'x-original-method': method }).action, 'play', method)
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'GETS', 'post']) t.equal(translated({ 'x-original-uri': '/a/b', 'x-original-method': method }).action, 'publish', method)
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
  t.match(refused(PEER), { refused: 'no-original-uri', detail: /proxy_set_header X-Original-URI \$request_uri/ })
  t.match(refused({ ...PEER, 'x-original-uri': '' }), { refused: 'no-original-uri' })
  t.match(refused({ ...PEER, 'x-original-uri': 'http://evil.example/live/s' }), { refused: 'bad-uri' })
  t.match(refused({ ...PEER, 'x-original-uri': '/live/%E0%A4%A/s' }), { refused: 'path-bad-encoding' })
  t.match(refused({ ...PEER, 'x-original-uri': '/../live/s' }), { refused: 'path-above-root' })
  t.match(refused({ ...PEER, 'x-original-uri': '/live/s', host: 'bad host' }), { refused: 'bad-uri' })
  t.match(refused({ 'x-original-uri': '/live/s' }), { refused: 'no-client-ip' })
  t.match(refused({ 'x-original-uri': '/live/s', 'x-forwarded-for': '198.51.100.66', 'x-real-ip': '203.0.113.9' }), { refused: 'no-client-ip' }, 'an X-Real-IP nginx did not set')
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
