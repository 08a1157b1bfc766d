import t from 'tap'
import { signUrl } from '../../../src/signing/sign-url.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../../helpers.js'

const SESSION_TYPES = ['HLS', 'DASH', 'HDS', 'SMOOTH', 'PD', 'ICECAST', 'MPEGTS', 'SLDP']

/** Allows HLS and DASH for 198.51.100.0/24, redirects 192.0.2.0/24 to a stub, denies the rest. */
const config = {
  ...(oneChain([
    { rule: 'ip-range', name: 'stub-range', options: { allow: ['192.0.2.0/24'], onAllowed: { redirect: '/live/stub/playlist.m3u8' }, onNotAllowed: 'abstain' } },
    { rule: 'ip-range', name: 'viewers', options: { allow: ['198.51.100.0/24', '2001:db8::/32'] } }
  ], { default: 'deny' }) as object),
  adapters: { nimble: { reasonHeader: true } }
}

t.test('every session_type is accepted; HTTP status equals return_code', async t => {
  const { app } = await buildTestApp(t, config)
  for (const session_type of [...SESSION_TYPES, 'WHEP', 'hls']) {
    const allowed = await nimble(app, nimbleBody({ session_type }))
    t.same([allowed.status, allowed.body], [200, { return_code: 200 }], `${session_type} allowed`)
    const denied = await nimble(app, nimbleBody({ session_type, ip: '203.0.113.1' }))
    t.same([denied.status, denied.body], [403, { return_code: 403 }], `${session_type} denied`)
  }
})

t.test('a redirect is 302 with an absolute redirect_location completed from host', async t => {
  const { app } = await buildTestApp(t, config)
  const res = await nimble(app, nimbleBody({ ip: '192.0.2.10', host: 'edge1.example.com:8081', url: '/live/stream/playlist.m3u8' }))
  t.equal(res.status, 302)
  t.same(res.body, { return_code: 302, redirect_location: 'http://edge1.example.com:8081/live/stub/playlist.m3u8' })
})

t.test('a relative redirect the request\'s host cannot complete is a 403, logged as an error: never sent as it is', async t => {
  const { app, logs } = await buildTestApp(t, config)
  // with an absolute url, host is only what completes a relative redirect
  for (const host of ['edge1.example.com:99999', 'a b', '[::1']) {
    const res = await nimble(app, nimbleBody({ ip: '192.0.2.10', host, url: 'http://media.example.com/live/stream/playlist.m3u8' }))
    t.same([res.status, res.body], [403, { return_code: 403 }], `host ${host}`)
  }
  t.match(logs.lines.filter(l => l.msg === 'decision'), Array(3).fill({ outcome: 'deny', rule: 'stub-range', reason: 'bad-redirect-location' }), 'the line says what was answered: the rule\'s redirect, refused')
  t.equal(logs.lines.filter(l => l.level === 50 && /cannot be made an absolute URL/.test(String(l.msg))).length, 3)
})

t.test('the redirect HTTP status is configurable; return_code stays 302', async t => {
  const { app } = await buildTestApp(t, { ...config, adapters: { nimble: { redirectHttpStatus: 200 } } })
  const res = await nimble(app, nimbleBody({ ip: '192.0.2.10' }))
  t.equal(res.status, 200)
  t.equal(res.body.return_code, 302)
})

t.test('url may be absolute or a path; host completes a path; both user-agent spellings', async t => {
  const { app, logs } = await buildTestApp(t, config)
  const noUa = nimbleBody()
  delete noUa['user-agent']
  for (const body of [
    nimbleBody({ url: 'http://media.example.com:8081/live/stream/playlist.m3u8?token=abc' }),
    nimbleBody({ url: '/live/stream/chunk.m3u8?nimblesessionid=12' }),
    { ...noUa, url: 'live/stream/playlist.m3u8', host: '' },
    { ...noUa, user_agent: 'VLC/3.0.20 LibVLC/3.0.20' },
    { url: 'https://cdn.example.com/live/stream/manifest.mpd', ip: '198.51.100.1' }
  ]) {
    t.equal((await nimble(app, body)).status, 200, JSON.stringify(body))
  }
  const decisions = logs.lines.filter(l => l.msg === 'decision')
  t.same(decisions.map(l => [l.app, l.stream]), Array(5).fill(['live', 'stream']), 'app and stream parsed from every url form')
  t.notMatch(logs.text(), /token=abc/, 'query strings (tokens) are not logged')
})

t.test('any Content-Type, or none, is read as JSON', async t => {
  const { app } = await buildTestApp(t, config)
  for (const contentType of ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', '', ';;;', undefined]) {
    const res = await app.inject({
      method: 'POST',
      url: '/nimble/auth',
      payload: JSON.stringify(nimbleBody()),
      headers: contentType === undefined ? {} : { 'content-type': contentType }
    })
    t.same([res.statusCode, res.json()], [200, { return_code: 200 }], String(contentType))
  }
})

t.test('the reason header is sent only when configured', async t => {
  const on = await buildTestApp(t, config)
  t.equal((await nimble(on.app, nimbleBody({ ip: '203.0.113.1' }))).headers['x-streamgate-reason'], 'viewers:ip-not-allowed')
  t.equal((await nimble(on.app, nimbleBody({ ip: 'nope' }))).headers['x-streamgate-reason'], 'adapter:invalid-message')
  const off = await buildTestApp(t, { ...config, adapters: { nimble: {} } })
  t.notOk((await nimble(off.app, nimbleBody())).headers['x-streamgate-reason'])
})

t.test('the route path is configurable', async t => {
  const { app } = await buildTestApp(t, { ...config, adapters: { nimble: { path: '/auth/nimble' } } })
  const res = await app.inject({ method: 'POST', url: '/auth/nimble', payload: nimbleBody() })
  t.equal(res.statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/nimble/auth', payload: nimbleBody() })).statusCode, 404)
})

t.test('malformed requests are all answered 403 {"return_code":403}, never 5xx, never allow', async t => {
  const { app, logs } = await buildTestApp(t, { ...config, policies: [{ rules: [], default: 'allow' }] })
  const json = (value: unknown) => ({ payload: JSON.stringify(value), headers: { 'content-type': 'application/json' } })
  const cases: Array<[string, { payload?: string | Buffer, headers?: Record<string, string> }]> = [
    ['invalid JSON', { payload: '{"url": "/live/s",', headers: { 'content-type': 'application/json' } }],
    ['empty body', { payload: '', headers: { 'content-type': 'application/json' } }],
    ['no body, no content-type', {}],
    ['a JSON array', json([nimbleBody()])],
    ['a JSON string', json('hello')],
    ['JSON null', json(null)],
    ['a number', json(42)],
    ['missing url', json({ ip: '198.51.100.1' })],
    ['missing ip', json({ url: '/live/stream/playlist.m3u8' })],
    ['url is a number', json(nimbleBody({ url: 7 as unknown as string }))],
    ['ip is an object', json(nimbleBody({ ip: { v4: '1.2.3.4' } as unknown as string }))],
    ['ip is not an IP address', json(nimbleBody({ ip: '999.1.1.1' }))],
    ['ip is a hostname', json(nimbleBody({ ip: 'localhost' }))],
    ['session_type is an array', json(nimbleBody({ session_type: ['HLS'] as unknown as string }))],
    ['referer is a number', json(nimbleBody({ referer: 5 as unknown as string }))],
    ['huge user-agent', json(nimbleBody({ 'user-agent': 'A'.repeat(100_000) }))],
    ['huge url', json(nimbleBody({ url: '/live/' + 'x'.repeat(20_000) }))],
    ['garbage url', json(nimbleBody({ url: 'http://[::1/live/stream', host: '' }))],
    ['url with bad percent-encoding', json(nimbleBody({ url: '/live/%E0%A4%A/playlist.m3u8' }))],
    ['empty url', json(nimbleBody({ url: '' }))],
    ['unicode ip', json(nimbleBody({ ip: '١٩٨.٥١.١٠٠.٧' }))],
    ['1 MB body', json({ ...nimbleBody(), padding: 'p'.repeat(1024 * 1024) })],
    ['deeply nested JSON', { payload: '['.repeat(5000) + ']'.repeat(5000), headers: { 'content-type': 'application/json' } }],
    ['prototype pollution', { payload: '{"url":"/live/s/p.m3u8","ip":"198.51.100.1","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } }],
    ['binary garbage', { payload: Buffer.from([0xff, 0x00, 0xfe, 0x7b]), headers: { 'content-type': 'application/octet-stream' } }]
  ]
  for (const [name, request] of cases) {
    const res = await app.inject({ method: 'POST', url: '/nimble/auth', ...request })
    t.equal(res.statusCode, 403, `${name}: status`)
    t.same(res.json(), { return_code: 403 }, `${name}: body`)
  }
  const refusals = logs.lines.filter(l => l.msg === 'nimble request refused')
  t.equal(refusals.length, cases.length, 'every refusal is logged with its reason')
  t.ok(refusals.every(l => typeof l.detail === 'string' && l.detail.length > 0))
})

t.test('a key that could poison a prototype is refused however it is spelled; the words as values, escapes and a BOM are JSON like any other', async t => {
  const { app, logs } = await buildTestApp(t, config)
  const send = async (payload: string) => await app.inject({ method: 'POST', url: '/nimble/auth', payload, headers: { 'content-type': 'application/json' } })
  const body = JSON.stringify(nimbleBody()).slice(0, -1)
  for (const key of ['__proto__', '\\u005f_proto__', '_\\u005Fproto__', 'constructor', '\\u0063onstructor', 'constr\\u0075ctor']) {
    const res = await send(`${body},"${key}":{"prototype":{"admin":true}}}`)
    t.equal(res.statusCode, 403, key)
  }
  const detailOf = (i: number) => (logs.lines.filter(l => l.msg === 'nimble request refused').at(i) as { detail: string }).detail
  t.match(detailOf(0), /FST_ERR_CTP_INVALID_JSON_BODY/, 'refused by Fastify\'s parser')
  const readable: Array<[string, string]> = [
    ['the words as values', `${body},"note":"__proto__ constructor","__proto__x":1}`],
    ['escapes elsewhere', `${body},"note":"caf\\u00e9"}`],
    ['a byte order mark', `\ufeff${body}}`]
  ]
  for (const [name, payload] of readable) t.equal((await send(payload)).statusCode, 200, name)
  const malformed: Array<[string, string]> = [['{"url":', 'FST_ERR_CTP_INVALID_JSON_BODY'], ['\ufeff{"url":', 'FST_ERR_CTP_INVALID_JSON_BODY'], ['[1] x', 'FST_ERR_CTP_INVALID_JSON_BODY'], ['', 'FST_ERR_CTP_EMPTY_JSON_BODY']]
  for (const [payload, code] of malformed) {
    t.equal((await send(payload)).statusCode, 403, JSON.stringify(payload))
    t.match(detailOf(-1), code, `${JSON.stringify(payload)}: the parser's own error`)
  }
})

t.test('unicode in optional fields and IPv6 with a zone-free form are fine', async t => {
  const { app } = await buildTestApp(t, config)
  t.equal((await nimble(app, nimbleBody({ 'user-agent': 'Плеер/1.0 🎬', referer: 'https://пример.рф/watch' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ ip: '2001:db8::42' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ url: '/live/stream/плейлист.m3u8' }))).status, 200)
})

t.test('ip is read in its one spelling, as address-bound tokens are signed (IPv4-mapped, upper-case IPv6)', async t => {
  const AKAMAI_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
  const tokens = (scheme: string, key: string, encoding: string) => ({ rule: 'signed-token', options: { scheme, keys: [{ id: 'default', secret: key, encoding }], nimble: { requireIp: true } } })
  const { app } = await buildTestApp(t, {
    policies: [
      { match: { app: 'akamai' }, rules: [tokens('akamai', AKAMAI_KEY, 'hex')], default: 'deny' },
      { match: { app: 'nimble' }, rules: [tokens('nimble', 'nimble-panel-password', 'utf8')], default: 'deny' }
    ]
  })
  const play = async (url: string, ip: string) => (await nimble(app, nimbleBody({ url, ip }))).body.return_code
  for (const [bound, sent] of [['198.51.100.7', '::ffff:198.51.100.7'], ['2001:db8::7', '2001:DB8:0::7']] as const) {
    const akamai = signUrl({ scheme: 'akamai', stream: '/akamai/stream/playlist.m3u8', key: AKAMAI_KEY, keyEncoding: 'hex', ttl: 60, ip: bound })
    t.equal(await play(akamai, sent), 200, `akamai ip=${bound} from ${sent}`)
    const wms = signUrl({ scheme: 'nimble', stream: '/nimble/stream/playlist.m3u8', key: 'nimble-panel-password', ttl: 60, ip: bound })
    t.equal(await play(wms, sent), 200, `nimble IP-bound hash for ${bound} from ${sent}`)
    t.equal(await play(wms, '198.51.100.8'), 403, 'not from another address')
  }
  t.match(await app.explain('nimble', nimbleBody({ ip: '::ffff:198.51.100.7' })), { request: { ip: /^198\.51\.100\.7$/ } })
})
