import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { signUrl } from '../../../src/signing/sign-url.js'
import { toAccessRequest } from '../../../src/adapters/srs/translate.js'
import type { SrsHook } from '../../../src/generated/srs/hook.js'
import { allow } from '../../../src/core/decision.js'
import { defineRule } from '../../../src/core/rule.js'
import { buildTestApp } from '../../helpers.js'

const IP = '198.51.100.7'
const KEY = 'srs-test-signing-key-0123456789abcdef'

/** SRS 6 docs, "HTTP Callback" (ossrs.io .../doc/http-callback): an on_play with server_id, stream_url and stream_id. */
const srs6 = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  server_id: 'vid-0xk989d',
  action: 'on_play',
  client_id: '341w361a',
  ip: IP,
  vhost: '__defaultVhost__',
  app: 'live',
  tcUrl: 'rtmp://127.0.0.1:1935/live',
  stream: 'livestream',
  param: '',
  stream_url: '/live/livestream',
  stream_id: 'vid-124q9y3',
  ...overrides
})

/**
 * SRS 3 conf/full.conf, the http_hooks comments of vhost hooks.callback.srs.com: a numeric client_id, no server_id,
 * stream_url or stream_id; on_connect and on_close without a stream, on_dvr and on_hls with their file fields.
 */
const srs3 = {
  on_connect: { action: 'on_connect', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', tcUrl: 'rtmp://video.test.com/live?key=d2fa801d08e3f90ed1e1670e6e52651a', pageUrl: 'http://www.test.com/live.html' },
  on_close: { action: 'on_close', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', send_bytes: 10240, recv_bytes: 10240 },
  on_publish: { action: 'on_publish', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', stream: 'livestream', param: '?token=xxx&salt=yyy' },
  on_unpublish: { action: 'on_unpublish', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', stream: 'livestream', param: '?token=xxx&salt=yyy' },
  on_play: { action: 'on_play', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', stream: 'livestream', param: '?token=xxx&salt=yyy', pageUrl: 'http://www.test.com/live.html' },
  on_stop: { action: 'on_stop', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', stream: 'livestream', param: '?token=xxx&salt=yyy' },
  on_dvr: { action: 'on_dvr', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', stream: 'livestream', param: '?token=xxx&salt=yyy', cwd: '/usr/local/srs', file: './objs/nginx/html/live/livestream.1420254068776.flv' },
  on_hls: {
    action: 'on_hls', client_id: 1985, ip: IP, vhost: 'video.test.com', app: 'live', stream: 'livestream', param: '?token=xxx&salt=yyy', duration: 9.36, cwd: '/usr/local/srs',
    file: './objs/nginx/html/live/livestream/2015-04-23/01/476584165.ts', url: 'live/livestream/2015-04-23/01/476584165.ts', m3u8: './objs/nginx/html/live/livestream/live.m3u8', m3u8_url: 'live/livestream/live.m3u8', seq_no: 100
  }
}

const config = (policies: unknown[], srs: Record<string, unknown> = {}, rest: Record<string, unknown> = {}): unknown => ({
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, srs: { enabled: true, ...srs } },
  policies,
  ...rest
})

const allowAll = [{ name: 'all', rules: [], default: 'allow' }]
const onlyFrom = [{ name: 'viewers', rules: [{ rule: 'ip-range', options: { allow: [IP] } }], default: 'deny' }]

async function hook (app: FastifyInstance, body: unknown, url = '/srs/hooks', remoteAddress = '127.0.0.1'): Promise<{ status: number, body: unknown }> {
  const res = await app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: res.statusCode, body: res.json() }
}

const GO_ON = { status: 200, body: { code: 0 } }
const REFUSED = { status: 403, body: { code: 403 } }
const decisions = (lines: Array<Record<string, unknown>>): Array<Record<string, unknown>> => lines.filter(l => l.msg === 'decision')

t.test('on_play as SRS 6 and SRS 3 document it: 200 {"code":0} goes on, 403 {"code":403} refuses', async t => {
  const { app, logs } = await buildTestApp(t, config(onlyFrom))
  t.same(await hook(app, srs6()), GO_ON)
  t.same(await hook(app, srs3.on_play), GO_ON)
  t.same(await hook(app, srs6({ ip: '203.0.113.9' })), REFUSED)
  t.same(await hook(app, { ...srs3.on_play, ip: '203.0.113.9' }), REFUSED)
  t.match(decisions(logs.lines), [
    { adapter: 'srs', app: 'live', stream: 'livestream', path: '/live/livestream', protocol: 'RTMP', ip: IP, outcome: 'allow' },
    { adapter: 'srs', app: 'live', stream: 'livestream', protocol: '', outcome: 'allow' },
    { outcome: 'deny', reason: 'ip-not-allowed' },
    { outcome: 'deny', reason: 'ip-not-allowed' }
  ])
})

t.test('on_publish is a publish whose key (param key=) goes to the stream-key rule, never into the URL; on_play a play', async t => {
  const { app, logs } = await buildTestApp(t, config([
    { name: 'no-publish', match: { action: 'publish' }, rules: [], default: 'deny' },
    { name: 'plays', rules: [], default: 'allow' }
  ]))
  t.same(await hook(app, srs3.on_publish), REFUSED)
  t.same(await hook(app, srs3.on_play), GO_ON)
  const read = toAccessRequest(srs6({ action: 'on_publish', param: '?key=sk-1&key=sk-2&x=1' }) as unknown as SrsHook, IP, 'srs-1', 'key')
  t.same([read.action, read.publish, read.url.query, read.url.href.includes('sk-')], ['publish', { key: 'sk-1', canRename: false }, { x: '1' }, false])
  t.same(toAccessRequest(srs6({ action: 'on_publish' }) as unknown as SrsHook, IP, 'srs-1', 'key').publish, { canRename: false }, 'no key: the rule says no-key')
  t.same(await hook(app, srs6({ action: 'on_publish', param: '?key=sk-secret-3' })), REFUSED)
  t.notOk(logs.text().includes('sk-secret-3'), 'the key is not logged')
  t.same(await hook(app, srs6({ action: 'on_publish', stream: '../x' })), REFUSED)
  t.match(decisions(logs.lines).at(-1), { rule: 'adapter', action: 'publish' }, 'a refused publish is logged as one')
})

t.test('param reaches the rules as the client sent it (a signed token\'s escapes, their case and +), the first of a name, no key', async t => {
  const read = (param: string, action = 'on_play') => toAccessRequest(srs6({ action, param }) as unknown as SrsHook, IP, 'srs-1', 'key')
  const play = read('?tok=a%3a+b%2fc&x=%26%3D&tok=2&%74ok=3&q=a#b&key=k1')
  t.equal(new URL(play.url.href).search, '?tok=a%3a+b%2fc&x=%26%3D&q=a%23b&key=k1', 'a # is text, as SRS keeps it')
  t.same(play.url.query, { tok: 'a: b/c', x: '&=', q: 'a#b', key: 'k1' })
  const publish = read('?key=k1&x=a%2fb&k%65y=k2&key=k3', 'on_publish')
  t.same([publish.publish, publish.url.query, new URL(publish.url.href).search], [{ key: 'k1', canRename: false }, { x: 'a/b' }, '?x=a%2fb'], 'no key argument, however spelt')
})

t.test('on_connect, on_close, on_dvr and on_hls only inform: they go on, and no decision is taken', async t => {
  const { app, logs } = await buildTestApp(t, config([{ name: 'none', rules: [], default: 'deny' }]))
  for (const body of [srs3.on_connect, srs3.on_close, srs3.on_dvr, srs3.on_hls]) t.same(await hook(app, body), GO_ON, body.action)
  t.equal(decisions(logs.lines).length, 0)
})

t.test('on_stop and on_unpublish end the session, so its place in concurrent-sessions is free; an on_stop for a session that never started changes nothing', async t => {
  const { app } = await buildTestApp(t, config([{ name: 'limit', rules: [{ rule: 'concurrent-sessions', options: { limit: 1, heartbeatSeconds: 3600, viewer: { from: 'query', name: 'viewer' } } }], default: 'allow' }]))
  const as = (action: string, client_id: string, viewer = 'alice') => srs6({ action, client_id, param: `?viewer=${viewer}` })
  t.same(await hook(app, as('on_stop', 'ghost')), GO_ON, 'a stop with no play before it: answered 0')
  t.same(await hook(app, as('on_play', 'c1')), GO_ON, 'the first session')
  t.same(await hook(app, as('on_stop', 'ghost')), GO_ON)
  t.same(await hook(app, as('on_play', 'c2')), REFUSED, 'the ghost\'s stop freed no place')
  t.same(await hook(app, as('on_stop', 'c1')), GO_ON)
  t.same(await hook(app, as('on_play', 'c2')), GO_ON, 'after on_stop the place is free')
  t.same(await hook(app, as('on_publish', 'p1', 'bob')), GO_ON)
  t.same(await hook(app, as('on_publish', 'p2', 'bob')), REFUSED)
  t.same(await hook(app, as('on_unpublish', 'p1', 'bob')), GO_ON)
  t.same(await hook(app, as('on_publish', 'p2', 'bob')), GO_ON, 'on_unpublish ends a publisher\'s session the same way')
  t.same(await hook(app, { ...as('on_stop', 'c9'), app: '..' }), GO_ON, 'a stop that cannot be read still goes on')
})

t.test('signed tokens ride in param; a second ? or a # stays inside the token, as SRS keeps it', async t => {
  const { app } = await buildTestApp(t, config([{ name: 'signed', rules: [{ rule: 'signed-token', options: { keys: [{ id: 'k1', secret: KEY }] } }], default: 'deny' }]))
  const signed = signUrl({ stream: '/live/livestream', key: KEY, kid: 'k1', ttl: 60, ip: IP })
  const param = new URL(signed, 'http://x').search
  t.same(await hook(app, srs6({ param })), GO_ON)
  t.same(await hook(app, srs6({ param: param.slice(1) })), GO_ON, 'without its leading ?')
  t.same(await hook(app, srs6({ param: `${param}?key=x` })), REFUSED, 'a second ?')
  t.same(await hook(app, srs6({ param: `${param}#x` })), REFUSED, 'a #')
  t.same(await hook(app, srs6({ param: `?${param}` })), REFUSED, 'two leading ?')
  t.same(await hook(app, srs6({ param: '' })), REFUSED, 'none')
  t.same(await hook(app, srs6({ stream: 'other', param })), REFUSED, 'another stream')
})

t.test('the protocol is tcUrl\'s scheme', async t => {
  const { app, logs } = await buildTestApp(t, config(allowAll))
  for (const tcUrl of ['rtmp://h/live', 'rtmps://h/live', 'webrtc://h/live', 'srt://h/live', 'http://h/live', 'https://h/live', 'no scheme']) await hook(app, srs6({ tcUrl }))
  t.same(decisions(logs.lines).map(l => l.protocol), ['RTMP', 'RTMP', 'WEBRTC', 'SRT', 'HTTP', 'HTTP', ''])
})

t.test('app and stream SRS would take for another stream, and messages it never sends, are refused', async t => {
  const { app, logs } = await buildTestApp(t, config(allowAll))
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a dot segment in the stream', { stream: '../secret' }, 'path-dot-segment'],
    ['a dot segment as the app', { app: '..' }, 'path-dot-segment'],
    ['an encoded slash', { stream: 'a%2fb' }, 'path-double-encoding'],
    ['an encoded dot segment', { app: '%2e%2e' }, 'path-double-encoding'],
    ['no stream', { stream: '' }, 'path-empty-segment'],
    ['no stream at all', { stream: undefined }, 'path-empty-segment'],
    ['an unknown action', { action: 'on_forward' }, 'invalid-message'],
    ['a client_id of the wrong type', { client_id: null }, 'invalid-message'],
    ['no IP address', { ip: 'localhost' }, 'bad-address']
  ]
  for (const [name, overrides, reason] of cases) {
    t.same(await hook(app, srs6(overrides)), REFUSED, name)
    t.match(logs.lines.at(-1), { msg: 'decision', adapter: 'srs', rule: 'adapter', outcome: 'deny', reason }, `${name}: ${reason}`)
  }
})

t.test('a repeated JSON key is read once, as the last one, and the decision says which', async t => {
  const { app, logs } = await buildTestApp(t, config([
    { name: 'secret', match: { app: 'secret' }, rules: [], default: 'deny' },
    { name: 'rest', rules: [], default: 'allow' }
  ]))
  t.same(await hook(app, JSON.stringify(srs6()).replace(/}$/, ',"app":"secret"}')), REFUSED)
  t.match(decisions(logs.lines).at(-1), { app: 'secret', policy: 'secret' })
})

t.test('garbage and a huge body are refused with {"code":403}, never a 5xx', async t => {
  const { app, logs } = await buildTestApp(t, config(allowAll))
  t.same(await hook(app, '{"action":'), REFUSED)
  t.same(await hook(app, '0'), REFUSED)
  t.same(await hook(app, JSON.stringify(srs6({ param: '?a=' + 'x'.repeat(2 * 1024 * 1024) }))), REFUSED, 'over server.bodyLimit')
  t.same(decisions(logs.lines).map(l => l.reason), ['bad-request', 'invalid-message', 'bad-request'])
})

t.test('forged calls: only from hookAuth.allowFrom and, with a secret, only with it in the hook URL', async t => {
  const secret = 'srs-hook-secret-0123456789abcdef'
  const { app, logs } = await buildTestApp(t, config(allowAll, { hookAuth: { allowFrom: ['10.0.0.7'], secret } }))
  t.same(await hook(app, srs3.on_stop, `/srs/hooks?secret=${secret}`, '192.0.2.1'), REFUSED, 'another source, even for on_stop')
  t.same(await hook(app, srs6(), '/srs/hooks', '10.0.0.7'), REFUSED, 'no secret')
  t.same(await hook(app, srs6(), `/srs/hooks?secret=${secret}`, '10.0.0.7'), GO_ON, 'SRS itself')
  t.same(decisions(logs.lines).map(l => l.reason).slice(0, 2), ['untrusted-hook-source', 'bad-hook-secret'])
  t.notOk(logs.text().includes(secret), 'the secret is not logged')
})

t.test('explain reads on_play and on_publish, and says why it would refuse the rest', async t => {
  const { app } = await buildTestApp(t, config(allowAll))
  t.match(await app.explain('srs', srs6()), { request: { action: 'play', protocol: 'RTMP', url: { app: 'live', stream: 'livestream' } }, decision: { outcome: 'allow' } })
  t.match(await app.explain('srs', srs3.on_stop), { decision: { outcome: 'deny', reason: 'not-a-play-or-publish-hook' } })
  t.match(await app.explain('srs', srs6({ stream: '../x' })), { decision: { outcome: 'deny', reason: 'path-dot-segment' } })
  t.match(await app.explain('srs', srs6({ ip: 'nowhere' })), { decision: { outcome: 'deny', reason: 'bad-address' } })
})

t.test('disabled by default: no route', async t => {
  const { app } = await buildTestApp(t, { server: { port: 0 }, log: { level: 'info' }, policies: allowAll })
  t.equal((await app.inject({ method: 'POST', url: '/srs/hooks', payload: srs6() })).statusCode, 404)
})

/** A rule that allows a publish under the public name its options give: one this server cannot publish under unless it is the name asked for. */
const naming = defineRule<{ stream: string }>({
  id: 'test-naming',
  optionsSchema: { type: 'object', properties: { stream: { type: 'string' } }, required: ['stream'] },
  create: ({ stream }) => ({ evaluate: () => allow('ip-allowed', { stream }) })
})
const namedBy = (stream: string): unknown[] => [{ name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'test-naming', options: { stream } }], default: 'deny' }]

t.test('SRS cannot rename: an allow that names another public name is no allow for the stream asked for', async t => {
  const other = await buildTestApp(t, config(namedBy('someone-else')), { rules: [naming] })
  t.same(await hook(other.app, srs6({ action: 'on_publish' })), REFUSED)
  const same = await buildTestApp(t, config(namedBy('livestream')), { rules: [naming] })
  t.same(await hook(same.app, srs6({ action: 'on_publish' })), GO_ON)
})

t.test('since SRS 5 a stream name\'s extension is dropped (stream_url shows it): premium.flv and premium.m3u8 are premium', async t => {
  const { app, logs } = await buildTestApp(t, config([
    { name: 'premium', match: { app: 'live', stream: 'premium' }, rules: [], default: 'deny' },
    { name: 'open', rules: [], default: 'allow' }
  ]))
  for (const stream of ['premium', 'premium.flv', 'premium.m3u8']) {
    t.same(await hook(app, srs6({ stream, stream_url: '/live/premium' })), { status: 403, body: { code: 403 } }, `SRS 5+ ${stream}: plays premium, refused`)
  }
  t.same(await hook(app, srs6({ stream: 'premium.flv', stream_url: 'video.example.com/live/premium' })), { status: 403, body: { code: 403 } }, 'with a vhost in stream_url too')
  t.same(await hook(app, srs6({ stream: 'premium.flv', stream_url: '/live/premium.flv' })), { status: 200, body: { code: 0 } }, 'SRS 4 serves premium.flv, another stream')
  t.same(await hook(app, srs6({ stream: 'premium.flv', stream_url: undefined })), { status: 200, body: { code: 0 } }, 'SRS 3 sends no stream_url and serves the whole name')
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.stream), ['premium', 'premium', 'premium', 'premium', 'premium.flv', 'premium.flv'])
  const access = toAccessRequest(srs6({ stream: 'stream.m3u8', stream_url: '/live/stream', param: '?token=t' }) as unknown as SrsHook, IP, 'addr:127.0.0.1', 'key')
  t.same([access.url.path, access.url.stream], ['/live/stream', 'stream'], 'an HLS viewer\'s token for /live/stream fits')
})
