import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { signUrl } from '../../../src/signing/sign-url.js'
import { toAccessRequest } from '../../../src/adapters/mediamtx/translate.js'
import type { MediamtxAuthRequest } from '../../../src/generated/mediamtx/auth-request.js'
import { allow } from '../../../src/core/decision.js'
import { defineRule } from '../../../src/core/rule.js'
import { buildTestApp } from '../../helpers.js'

const IP = '198.51.100.7'
const KEY = 'mediamtx-test-key-0123456789abcdef'

/**
 * The request body MediaMTX documents for authHTTPAddress: the comment above authHTTPAddress in its default
 * mediamtx.yml and the README's "Authentication → HTTP-based" section, with this test's address and path.
 */
const documented = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  user: '',
  password: '',
  token: '',
  ip: IP,
  action: 'read',
  path: 'live/stream',
  protocol: 'rtsp',
  id: '7f5b5a36-0a3d-4f57-8f5a-0c2b0f1e9c11',
  query: '',
  ...overrides
})

const config = (policies: unknown[], mediamtx: Record<string, unknown> = {}): unknown => ({
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, mediamtx: { enabled: true, ...mediamtx } },
  policies
})

const onlyFrom = (ip = IP): unknown[] => [{ name: 'viewers', rules: [{ rule: 'ip-range', options: { allow: [ip] } }], default: 'deny' }]

async function auth (app: FastifyInstance, body: unknown, url = '/mediamtx/auth', remoteAddress = '127.0.0.1'): Promise<{ status: number, body: string }> {
  const res = await app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: res.statusCode, body: res.body }
}

const decisions = (lines: Array<Record<string, unknown>>): Array<Record<string, unknown>> => lines.filter(l => l.msg === 'decision')

t.test('the documented request: any 2xx allows, 403 refuses, the body stays empty (MediaMTX reads only the status)', async t => {
  const { app, logs } = await buildTestApp(t, config(onlyFrom()))
  t.same(await auth(app, documented()), { status: 200, body: '' })
  t.same(await auth(app, documented({ ip: '203.0.113.9' })), { status: 403, body: '' })
  t.match(decisions(logs.lines), [
    { adapter: 'mediamtx', app: 'live', stream: 'stream', path: '/live/stream', protocol: 'RTSP', ip: IP, outcome: 'allow' },
    { adapter: 'mediamtx', ip: '203.0.113.9', outcome: 'deny', reason: 'ip-not-allowed' }
  ])
})

t.test('older and newer MediaMTX: no token field (before 1.9), id null, unknown fields, an IPv4-mapped address', async t => {
  const { app } = await buildTestApp(t, config(onlyFrom()))
  const { token: _token, ...older } = documented()
  t.equal((await auth(app, older)).status, 200, 'without token')
  t.equal((await auth(app, documented({ id: null, ip: `::ffff:${IP}` }))).status, 200, 'id null, mapped address')
  t.equal((await auth(app, documented({ newField: { nested: true } }))).status, 200, 'an unknown field')
})

t.test('each protocol MediaMTX names reaches the protocol rule upper-cased', async t => {
  const { app, logs } = await buildTestApp(t, config([{ name: 'p', rules: [{ rule: 'protocol', options: { deny: ['SRT', 'WEBRTC'] } }], default: 'allow' }]))
  const statuses: Record<string, number> = {}
  for (const protocol of ['rtsp', 'rtmp', 'hls', 'webrtc', 'srt']) statuses[protocol] = (await auth(app, documented({ protocol }))).status
  t.same(statuses, { rtsp: 200, rtmp: 200, hls: 200, webrtc: 403, srt: 403 })
  t.same(decisions(logs.lines).map(l => l.protocol), ['RTSP', 'RTMP', 'HLS', 'WEBRTC', 'SRT'])
})

t.test('read and playback are plays, publish is a publish: a policy can tell them apart', async t => {
  const { app } = await buildTestApp(t, config([
    { name: 'no-publish', match: { action: 'publish' }, rules: [], default: 'deny' },
    { name: 'plays', rules: [], default: 'allow' }
  ]))
  t.equal((await auth(app, documented({ action: 'read' }))).status, 200)
  t.equal((await auth(app, documented({ action: 'playback', protocol: 'hls' }))).status, 200)
  t.equal((await auth(app, documented({ action: 'publish', password: 'sk-live-1' }))).status, 403)
  t.match(await app.explain('mediamtx', documented({ action: 'playback' })), { request: { action: 'play' } })
})

t.test('a publisher\'s key: the query\'s key, else the password, goes to the stream-key rule, never into the URL or a log', async t => {
  const { app, logs } = await buildTestApp(t, config([{ name: 'all', rules: [], default: 'allow' }]))
  const params = { tokenParam: 'token', keyArg: 'key' }
  const read = (overrides: Record<string, unknown>) => toAccessRequest(documented({ action: 'publish', ...overrides }) as unknown as MediamtxAuthRequest, IP, params)
  t.same(read({ user: 'any', password: 'sk-from-password' }).publish, { key: 'sk-from-password', canRename: false })
  const both = read({ password: 'sk-from-password', query: 'key=sk-from-query&x=1' })
  t.same([both.publish, both.url.query, both.url.href.includes('sk-')], [{ key: 'sk-from-query', canRename: false }, { x: '1' }, false], 'the query\'s own key wins')
  t.same(read({ query: 'key=first&key=second' }).publish, { key: 'first', canRename: false }, 'the first of a repeated name, as every adapter reads it')
  t.same(read({}).publish, { canRename: false }, 'none: the rule says no-key')
  const viewer = toAccessRequest(documented({ action: 'read', password: 'viewer-password' }) as unknown as MediamtxAuthRequest, IP, params)
  t.same([viewer.publish, viewer.url.query], [undefined, {}], 'a viewer\'s password is no stream key')
  t.equal((await auth(app, documented({ action: 'publish', password: 'sk-secret-one', query: 'key=sk-secret-two' }))).status, 200)
  t.notOk(logs.text().includes('sk-secret-one') || logs.text().includes('sk-secret-two'), 'neither key is logged')
  t.equal((await auth(app, documented({ action: 'publish', path: 'live/../x' }))).status, 403)
  t.match(decisions(logs.lines).at(-1), { rule: 'adapter', action: 'publish' }, 'a refused publish is logged as one')
})

t.test('signed tokens: in the query or as MediaMTX\'s token field; 401 only when credentials are missing altogether', async t => {
  const { app, logs } = await buildTestApp(t, config([{ name: 'signed', rules: [{ rule: 'signed-token', options: { keys: [{ id: 'k1', secret: KEY }] } }], default: 'deny' }]))
  const signed = signUrl({ stream: '/live/stream', key: KEY, kid: 'k1', ttl: 60, ip: IP })
  const token = new URL(signed, 'http://x').searchParams.get('token') as string
  t.equal((await auth(app, documented({ query: new URL(signed, 'http://x').search.slice(1) }))).status, 200, 'in the query (HLS, WebRTC, RTSP URLs)')
  t.equal((await auth(app, documented({ token }))).status, 200, 'as the token field (Authorization: Bearer)')
  t.equal((await auth(app, documented({ token, query: 'token=forged' }))).status, 403, 'the query\'s own token wins: no second chance')
  t.equal((await auth(app, documented())).status, 401, 'no credentials at all: asked for them')
  t.equal((await auth(app, documented({ user: 'u', password: 'p' }))).status, 403, 'credentials that carry no token: asking again would not help')
  t.equal((await auth(app, documented({ query: 'token=garbage' }))).status, 403, 'a bad token')
  t.notOk(logs.text().includes(token.split('.')[1] as string), 'the token is not logged')
  const other = await buildTestApp(t, config(onlyFrom()))
  t.equal((await auth(other.app, documented({ ip: '203.0.113.9' }))).status, 403, 'a refusal no credential changes is 403, not 401')
})

t.test('api, metrics and pprof (id null, empty path and protocol) are refused unless their address is in apiAllowFrom', async t => {
  const server = (action: string, ip = '127.0.0.1') => documented({ action, ip, path: '', protocol: '', id: null })
  const { app, logs } = await buildTestApp(t, config([{ name: 'all', rules: [], default: 'allow' }]))
  for (const action of ['api', 'metrics', 'pprof']) t.same(await auth(app, server(action)), { status: 403, body: '' }, action)
  t.match(decisions(logs.lines), [{ rule: 'adapter', reason: 'server-action' }, { reason: 'server-action' }, { reason: 'server-action' }])
  t.match(await app.explain('mediamtx', server('api')), { decision: { outcome: 'deny', reason: 'server-action' } })
  const allowing = await buildTestApp(t, config([{ name: 'all', rules: [], default: 'allow' }], { apiAllowFrom: ['127.0.0.1', '10.1.0.0/16'] }))
  t.equal((await auth(allowing.app, server('api'))).status, 200)
  t.equal((await auth(allowing.app, server('metrics', '10.1.2.3'))).status, 200)
  t.equal((await auth(allowing.app, server('pprof', '10.2.0.1'))).status, 403)
})

t.test('paths MediaMTX would take for another, or never sends, are refused before any rule', async t => {
  const { app, logs } = await buildTestApp(t, config([{ name: 'all', rules: [], default: 'allow' }]))
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an encoded slash', { path: 'live%2fstream' }, 'invalid-message'],
    ['an encoded dot segment', { path: 'live/%2e%2e/secret' }, 'invalid-message'],
    ['a dot segment', { path: 'live/../secret/stream' }, 'path-dot-segment'],
    ['a leading slash', { path: '/live/stream' }, 'path-empty-segment'],
    ['a double slash', { path: 'live//stream' }, 'path-empty-segment'],
    ['a question mark in the path', { path: 'live/stream?token=x' }, 'invalid-message'],
    ['a fragment in the query', { query: 'token=a#b' }, 'invalid-message'],
    ['an unknown action', { action: 'read-all' }, 'invalid-message'],
    ['no IP address', { ip: 'localhost' }, 'invalid-message'],
    ['no path', { path: undefined }, 'invalid-message']
  ]
  for (const [name, overrides, reason] of cases) {
    t.same(await auth(app, documented(overrides)), { status: 403, body: '' }, name)
    t.match(logs.lines.at(-1), { msg: 'decision', adapter: 'mediamtx', rule: 'adapter', outcome: 'deny', reason }, `${name}: ${reason}`)
  }
})

t.test('a repeated JSON key is read once, as the last one, and the decision says which', async t => {
  const { app, logs } = await buildTestApp(t, config([
    { name: 'secret', match: { app: 'secret' }, rules: [], default: 'deny' },
    { name: 'rest', rules: [], default: 'allow' }
  ]))
  const text = JSON.stringify(documented({ path: 'live/stream' })).replace(/}$/, ',"path":"secret/stream"}')
  t.equal((await auth(app, text)).status, 403)
  t.match(decisions(logs.lines).at(-1), { path: '/secret/stream', policy: 'secret' })
})

t.test('garbage, a huge body and a wrong content type get the empty 403, never a 5xx', async t => {
  const { app, logs } = await buildTestApp(t, config([{ name: 'all', rules: [], default: 'allow' }]))
  t.same(await auth(app, '{"ip":'), { status: 403, body: '' })
  t.same(await auth(app, '[]'), { status: 403, body: '' })
  t.same(await auth(app, JSON.stringify(documented({ query: 'a'.repeat(2 * 1024 * 1024) }))), { status: 403, body: '' }, 'over server.bodyLimit')
  const typed = await app.inject({ method: 'POST', url: '/mediamtx/auth', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(documented()) })
  t.equal(typed.statusCode, 200, 'the body is JSON whatever the Content-Type claims')
  t.same(decisions(logs.lines).map(l => l.reason).slice(0, 3), ['bad-request', 'invalid-message', 'bad-request'])
})

t.test('forged calls: only from hookAuth.allowFrom and, with a secret, only with it in authHTTPAddress\'s query', async t => {
  const secret = 'mediamtx-hook-secret-0123456789'
  const { app, logs } = await buildTestApp(t, config([{ name: 'all', rules: [], default: 'allow' }], { hookAuth: { allowFrom: ['10.0.0.5'], secret } }))
  t.same(await auth(app, documented(), `/mediamtx/auth?secret=${secret}`, '192.0.2.1'), { status: 403, body: '' }, 'another source')
  t.same(await auth(app, documented(), '/mediamtx/auth', '10.0.0.5'), { status: 403, body: '' }, 'no secret')
  t.same(await auth(app, documented(), '/mediamtx/auth?secret=wrong', '10.0.0.5'), { status: 403, body: '' }, 'a wrong secret')
  t.equal((await auth(app, documented(), `/mediamtx/auth?secret=${secret}`, '10.0.0.5')).status, 200, 'MediaMTX itself')
  t.same(decisions(logs.lines).map(l => l.reason).slice(0, 3), ['untrusted-hook-source', 'bad-hook-secret', 'bad-hook-secret'])
  t.notOk(logs.text().includes(secret), 'the secret is not logged')
})

t.test('disabled by default: no route', async t => {
  const { app } = await buildTestApp(t, { server: { port: 0 }, log: { level: 'info' }, policies: [{ name: 'all', rules: [], default: 'allow' }] })
  t.equal((await auth(app, documented())).status, 404)
})

t.test('a publisher cannot choose a MediaMTX path beyond its key\'s name: live/stream/x is a path of its own', async t => {
  const { app } = await buildTestApp(t, config([{ name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key' }], default: 'deny' }]))
  const key = await app.streamKeys.create('stream')
  t.equal((await auth(app, documented({ action: 'publish', path: 'live/stream', password: key }))).status, 200, 'its own name')
  for (const path of ['live/stream/x', 'live/stream/stream', 'a/stream/b/c']) {
    t.equal((await auth(app, documented({ action: 'publish', path, password: key }))).status, 403, path)
  }
})

/** A rule that allows a publish under the public name its options give: one this server cannot publish under unless it is the name asked for. */
const naming = defineRule<{ stream: string }>({
  id: 'test-naming',
  optionsSchema: { type: 'object', properties: { stream: { type: 'string' } }, required: ['stream'] },
  create: ({ stream }) => ({ evaluate: () => allow('ip-allowed', { stream }) })
})
const namedBy = (stream: string): unknown[] => [{ name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'test-naming', options: { stream } }], default: 'deny' }]

t.test('MediaMTX cannot rename: an allow that names another public name is no allow for the path asked for', async t => {
  const other = await buildTestApp(t, config(namedBy('someone-else')), { rules: [naming] })
  t.equal((await auth(other.app, documented({ action: 'publish', password: 'k' }))).status, 403)
  const same = await buildTestApp(t, config(namedBy('stream')), { rules: [naming] })
  t.equal((await auth(same.app, documented({ action: 'publish', password: 'k' }))).status, 200)
})

t.test('a path of three segments or more is one stream, as MediaMTX serves it: live/free/premium is not live/free', async t => {
  const { app, logs } = await buildTestApp(t, config([
    { name: 'free', match: { app: 'live', stream: 'free', action: 'play' }, rules: [], default: 'allow' },
    { name: 'viewers', rules: [{ rule: 'signed-token', options: { keys: [{ id: 'k', secret: KEY }] } }], default: 'deny' }
  ]))
  t.equal((await auth(app, documented({ path: 'live/free' }))).status, 200)
  t.equal((await auth(app, documented({ path: 'live/free/premium' }))).status, 401, 'another path: the free policy is not about it, and its token is missing')
  t.match(decisions(logs.lines).at(-1), { app: 'live', stream: 'free/premium', path: '/live/free/premium', policy: 'viewers' })
})

t.test('the client\'s userAgent (MediaMTX 1.19) reaches the rules; a publisher\'s password never reaches the URL as a token', async t => {
  const { app } = await buildTestApp(t, config(onlyFrom()))
  const seen = toAccessRequest(documented({ userAgent: 'VLC/3.0.20 LibVLC/3.0.20' }) as unknown as MediamtxAuthRequest, IP, { tokenParam: 'token', keyArg: 'key' })
  t.equal(seen.userAgent, 'VLC/3.0.20 LibVLC/3.0.20')
  t.equal((await auth(app, documented({ userAgent: 'VLC/3.0.20 LibVLC/3.0.20' }))).status, 200, 'accepted by the schema')
  // MediaMTX copies the password into token when no bearer token came
  const publish = toAccessRequest(documented({ action: 'publish', user: 'any', password: 'SECRET-STREAM-KEY', token: 'SECRET-STREAM-KEY', query: 'x=1' }) as unknown as MediamtxAuthRequest, IP, { tokenParam: 'token', keyArg: 'key' })
  t.same({ ...publish.url.query }, { x: '1' }, 'the key is not in the query the rules read')
  t.equal(publish.publish?.key, 'SECRET-STREAM-KEY', 'it is the stream-key rule\'s')
  const bearer = toAccessRequest(documented({ action: 'publish', password: '', token: 'a.bearer.token' }) as unknown as MediamtxAuthRequest, IP, { tokenParam: 'token', keyArg: 'key' })
  t.equal(bearer.url.query.token, 'a.bearer.token', 'a bearer token is still given to the rules')
})
