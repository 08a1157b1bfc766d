import type { FastifyInstance } from 'fastify'
import { createHmac } from 'node:crypto'
import t from 'tap'
import { allow, redirect } from '../../src/core/decision.js'
import { defineRule } from '../../src/core/rule.js'
import { buildTestApp } from '../helpers.js'

// Every adapter answers the decision the chain gave unless its media server cannot carry it out (a redirect it cannot
// send, a rename it cannot make): then the answer, the decision line and the store writes kept must all say refused.

/** What became of each request's store writes, in order: `kept` or `abandoned`. */
const settled: string[] = []

/**
 * Lets the request in as `then` says (`redirect:<location>`, `rename:<name>`, `allow`), the query's `then` winning over
 * the option's, after writing something for it the way the paywall rules do (a place, a charge).
 */
const steer = defineRule<{ then: string }>({
  id: 'test-steer',
  optionsSchema: { type: 'object', properties: { then: { type: 'string' } }, required: ['then'] },
  create: options => ({
    evaluate (request, ctx) {
      ctx.pending = [...(ctx.pending ?? []), { keep: () => { settled.push('kept') }, abandon: () => { settled.push('abandoned') } }]
      const then = request.url.query.then ?? options.then
      const [what = '', argument = ''] = then.split(/:(.*)/s)
      if (what === 'redirect') return redirect(argument, 'ip-allowed')
      return allow('ip-allowed', what === 'rename' ? { stream: argument, subject: 'publisher-1' } : {})
    }
  })
})

/** Each app is steered by a policy per app (plays) and per stream (publishes). */
const steered = (adapters: Record<string, unknown>, policies: Array<[match: Record<string, string>, then: string]>): unknown => ({
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, ...adapters },
  policies: policies.map(([match, then], i) => ({ name: `p${i}`, match, rules: [{ rule: 'test-steer', options: { then } }], default: 'deny' }))
})

async function build (t: Parameters<typeof buildTestApp>[0], config: unknown): Promise<{ app: FastifyInstance, lines: () => Array<Record<string, unknown>> }> {
  const { app, logs } = await buildTestApp(t, config, { rules: [steer] })
  settled.length = 0
  return { app, lines: () => logs.lines.filter(l => l.msg === 'decision') }
}

const json = async (app: FastifyInstance, url: string, body: unknown): Promise<{ status: number, body: string }> => {
  const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  return { status: res.statusCode, body: res.body }
}
const form = async (app: FastifyInstance, url: string, fields: Record<string, string>): Promise<{ status: number, headers: Record<string, unknown> }> => {
  const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })
  return { status: res.statusCode, headers: res.headers }
}

t.test('Nimble: a redirect it cannot make absolute is refused, and so are its writes', async t => {
  const { app, lines } = await build(t, steered({ nimble: { enabled: true } }, [[{ app: 'live' }, 'redirect:/elsewhere/playlist.m3u8']]))
  // with an absolute url, host is only what completes a relative redirect
  const ask = async (host: string) => await json(app, '/nimble/auth', { host, url: 'http://media.example.com/live/stream/playlist.m3u8', ip: '198.51.100.7', session_id: '1' })
  t.same(await ask('a b'), { status: 403, body: '{"return_code":403}' })
  t.same(await ask('tv.example.com'), { status: 302, body: '{"return_code":302,"redirect_location":"http://tv.example.com/elsewhere/playlist.m3u8"}' })
  t.same(settled, ['abandoned', 'kept'])
  t.match(lines(), [{ outcome: 'deny', rule: 'test-steer', policy: 'p0', reason: 'bad-redirect-location' }, { outcome: 'redirect', reason: 'ip-allowed' }])
})

t.test('nginx auth_request: a redirect that cannot travel in a header is refused, and so are its writes', async t => {
  const { app, lines } = await build(t, steered({ nginx: { enabled: true } }, [[{ app: 'live' }, 'redirect:https://login.example.com/\nSet-Cookie: x'], [{ app: 'vod' }, 'redirect:https://login.example.com/']]))
  const ask = async (uri: string) => (await app.inject({ method: 'GET', url: '/nginx/auth', headers: { 'x-original-uri': uri, 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7', host: 'tv.example.com' } })).statusCode
  t.equal(await ask('/live/stream/index.m3u8'), 403)
  t.equal(await ask('/vod/stream/index.m3u8'), 401)
  t.same(settled, ['abandoned', 'kept'])
  t.match(lines(), [{ outcome: 'deny', reason: 'bad-redirect-location' }, { outcome: 'redirect' }])
})

t.test('Icecast: a listener redirected, a source renamed: refused, their writes taken back', async t => {
  const { app, lines } = await build(t, steered({ icecast: { enabled: true, hookAuth: { secret: 'icecast-carry-out-secret' } } }, [
    [{ app: 'moved.mp3', action: 'play' }, 'redirect:http://elsewhere.example/x.mp3'],
    [{ app: 'radio.ogg', action: 'publish' }, 'rename:other.ogg'],
    [{ app: 'same.ogg', action: 'publish' }, 'rename:same.ogg'],
    // the public name's own policy lets it in (see policy.ts, underPublicName)
    [{ action: 'publish' }, 'allow']
  ]))
  const post = async (fields: Record<string, string>) => await form(app, '/icecast/auth?secret=icecast-carry-out-secret', fields)
  const listener = await post({ action: 'listener_add', client: '3', mount: '/moved.mp3', ip: '127.0.0.1' })
  t.same([listener.status, listener.headers['icecast-auth-message']], [403, 'test-steer:cannot-redirect'])
  const source = (mount: string) => ({ action: 'stream_auth', mount, ip: '192.0.2.1', server: 'icecast.example.org', port: '8000', user: 'source', pass: 'k' })
  t.equal((await post(source('/radio.ogg'))).status, 403, 'Icecast creates the mount asked for or none')
  t.equal((await post(source('/same.ogg'))).headers['icecast-auth-user'], '1', 'a public name that is the mount asked for is no rename')
  t.same(settled, ['abandoned', 'abandoned', 'kept'])
  t.match(lines(), [{ outcome: 'deny', reason: 'cannot-redirect' }, { action: 'publish', outcome: 'deny', reason: 'cannot-rename', subject: 'publisher-1' }, { outcome: 'allow' }])
})

t.test('SRS and MediaMTX: a play redirected, a publish renamed: refused, their writes taken back', async t => {
  const policies: Array<[Record<string, string>, string]> = [
    [{ app: 'live', stream: 'moved', action: 'play' }, 'redirect:/live/elsewhere'],
    [{ app: 'live', stream: 'renamed', action: 'publish' }, 'rename:other'],
    [{ app: 'live', stream: 'same', action: 'publish' }, 'rename:same'],
    [{ action: 'publish' }, 'allow']
  ]
  const srs = await build(t, steered({ srs: { enabled: true } }, policies))
  const hook = async (action: string, stream: string) => (await json(srs.app, '/srs/hooks', { action, client_id: '1', ip: '198.51.100.7', vhost: '__defaultVhost__', app: 'live', stream, param: '' })).status
  t.same([await hook('on_play', 'moved'), await hook('on_publish', 'renamed'), await hook('on_publish', 'same')], [403, 403, 200])
  t.same(settled, ['abandoned', 'abandoned', 'abandoned', 'kept'], 'the rename\'s writes, by its policy and the public name\'s, taken back together')
  t.match(srs.lines(), [{ reason: 'cannot-redirect' }, { reason: 'cannot-rename' }, { outcome: 'allow' }])

  const mediamtx = await build(t, steered({ mediamtx: { enabled: true } }, policies))
  const auth = async (action: string, stream: string) => (await json(mediamtx.app, '/mediamtx/auth', { user: '', password: '', token: '', ip: '198.51.100.7', action, path: `live/${stream}`, protocol: 'rtsp', id: null, query: '' })).status
  t.same([await auth('read', 'moved'), await auth('publish', 'renamed'), await auth('publish', 'same')], [403, 403, 200])
  t.same(settled, ['abandoned', 'abandoned', 'abandoned', 'kept'])
  t.match(mediamtx.lines(), [{ reason: 'cannot-redirect' }, { reason: 'cannot-rename' }, { outcome: 'allow' }])
})

t.test('OvenMediaEngine: a viewer or a publisher redirected is refused, its writes taken back; a rename is carried out', async t => {
  const secretKey = 'ome-carry-out-admission-secret'
  const { app, lines } = await build(t, steered({ ovenmediaengine: { enabled: true, secretKey } }, [
    [{ app: 'app', action: 'play' }, 'redirect:https://elsewhere.example/'],
    [{ app: 'app', stream: 'moved', action: 'publish' }, 'redirect:https://elsewhere.example/'],
    [{ app: 'app', stream: 'renamed', action: 'publish' }, 'rename:public'],
    [{ action: 'publish' }, 'allow']
  ]))
  const admit = async (direction: string, stream: string) => {
    const body = JSON.stringify({
      client: { address: '211.233.58.86', port: 29291 },
      request: { direction, protocol: direction === 'incoming' ? 'rtmp' : 'webrtc', status: 'opening', url: `rtmp://ome.example.com:1935/app/${stream}${direction === 'incoming' ? '?key=k' : ''}`, time: new Date().toISOString() }
    })
    const signature = createHmac('sha1', secretKey).update(body).digest('base64url')
    return (await app.inject({ method: 'POST', url: '/ome/admission', headers: { 'content-type': 'application/json', 'x-ome-signature': signature }, payload: body })).json<Record<string, unknown>>()
  }
  t.same(await admit('outgoing', 'stream'), { allowed: false, reason: 'test-steer:cannot-redirect' })
  t.same(await admit('incoming', 'moved'), { allowed: false, reason: 'test-steer:cannot-redirect' })
  t.same(await admit('incoming', 'renamed'), { allowed: true, new_url: 'rtmp://ome.example.com:1935/app/public' }, 'OME renames a publisher')
  t.same(settled, ['abandoned', 'abandoned', 'kept', 'kept'], 'the rename OME carries out keeps the writes of both policies')
  t.match(lines(), [{ reason: 'cannot-redirect' }, { action: 'publish', reason: 'cannot-redirect' }, { outcome: 'allow', stream: 'public' }])
})

t.test('Nimble publish control: a renamed item fails, its writes taken back', async t => {
  const { app, lines } = await build(t, steered({ nimblePublish: { enabled: true } }, [[{ app: 'publish', stream: 'benw' }, 'rename:other'], [{ app: 'publish', stream: 'same' }, 'rename:same'], [{ action: 'publish' }, 'allow']]))
  const res = await json(app, '/nimble/publish', { PublishAuthRequest: [{ seq: '1', id: 'k', ip: '192.168.1.1', stream: 'publish/benw' }] })
  t.same(JSON.parse(res.body), { PublishAuthResponse: [{ seq: '1', status: 'fail' }] })
  const same = await json(app, '/nimble/publish', { PublishAuthRequest: [{ seq: '2', id: 'k', ip: '192.168.1.1', stream: 'publish/same' }] })
  t.same(JSON.parse(same.body), { PublishAuthResponse: [{ seq: '2', status: 'success' }] })
  t.same(settled, ['abandoned', 'abandoned', 'kept'])
  t.match(lines(), [{ reason: 'cannot-rename' }, { outcome: 'allow' }])
})

t.test('nginx-rtmp: an update the rules send elsewhere now, a play that joined a stream, a publish redirected: refused, writes taken back', async t => {
  const { app, lines } = await build(t, steered({ nginxRtmp: { enabled: true } }, [[{ app: 'app' }, 'allow']]))
  const notify = async (call: string, name: string, extra: Record<string, string>) =>
    await form(app, '/nginx-rtmp', { app: 'app', flashver: 'LNX 9,0,124,2', tcurl: 'rtmp://127.0.0.1:1935/app', addr: '198.51.100.7', call, name, ...extra })
  const viewer = '1'
  t.same([(await notify('play', 'benw', { clientid: viewer, then: 'redirect:stub-a' })).status], [302])
  t.equal((await notify('update_play', 'benw', { clientid: viewer, then: 'redirect:stub-a' })).status, 200, 'still sent where it watches: goes on')
  t.equal((await notify('update_play', 'benw', { clientid: viewer, then: 'redirect:stub-b' })).status, 403, 'sent elsewhere now: ended')
  const joined = '2'
  t.equal((await notify('play', 'benw', { clientid: joined, then: 'allow' })).status, 200)
  t.equal((await notify('play', 'benw', { clientid: joined, then: 'redirect:stub-a' })).status, 403, 'a connection that joined a stream cannot be moved')
  t.equal((await notify('publish', 'k', { clientid: '3', type: 'live', then: 'redirect:stub-a' })).status, 403, 'a publisher is renamed, never redirected')
  t.same(settled, ['kept', 'kept', 'abandoned', 'kept', 'abandoned', 'abandoned'])
  t.match(lines(), [{ outcome: 'redirect' }, { outcome: 'redirect' }, { reason: 'redirect-changed' }, { outcome: 'allow' }, { reason: 'cannot-redirect' }, { action: 'publish', reason: 'cannot-redirect' }])
})

t.test('a chain that waits (a rule answering later) is carried out the same way', async t => {
  const later = defineRule<Record<string, never>>({
    id: 'test-later',
    optionsSchema: { type: 'object' },
    create: () => ({
      async evaluate (_request, ctx) {
        ctx.pending = [...(ctx.pending ?? []), { keep: () => { settled.push('kept') }, abandon: () => { settled.push('abandoned') } }]
        await new Promise(resolve => setImmediate(resolve))
        return redirect('http://elsewhere.example/', 'ip-allowed')
      }
    })
  })
  const { app, logs } = await buildTestApp(t, { server: { port: 0 }, log: { level: 'info' }, adapters: { nimble: { enabled: false }, srs: { enabled: true } }, policies: [{ name: 'p', rules: [{ rule: 'test-later', options: {} }] }] }, { rules: [later] })
  settled.length = 0
  t.equal((await json(app, '/srs/hooks', { action: 'on_play', client_id: '1', ip: '198.51.100.7', vhost: '__defaultVhost__', app: 'live', stream: 's', param: '' })).status, 403)
  t.same(settled, ['abandoned'])
  t.match(logs.lines.filter(l => l.msg === 'decision'), [{ outcome: 'deny', rule: 'test-later', reason: 'cannot-redirect' }])
})

t.test('nginx auth_request with denyStatus 401: a redirect refused as unsendable is a 403 all the same (a 401 would be the recipe\'s redirect, to nowhere)', async t => {
  const { app } = await build(t, steered({ nginx: { enabled: true, denyStatus: 401 } }, [[{ app: 'live' }, 'redirect:https://login.example.com/\nSet-Cookie: x'], [{ app: 'closed' }, 'deny']]))
  const ask = async (uri: string) => (await app.inject({ method: 'GET', url: '/nginx/auth', headers: { 'x-original-uri': uri, 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7', host: 'tv.example.com' } })).statusCode
  t.equal(await ask('/live/stream/index.m3u8'), 403)
  t.equal(await ask('/other/stream/index.m3u8'), 401, 'a plain refusal is the configured status')
})

t.test('explain (and streamgate check) gives the decision the adapter would answer, and logs no error for it', async t => {
  const cases: Array<[adapter: string, section: Record<string, unknown>, policies: Array<[Record<string, string>, string]>, message: unknown, reason: string]> = [
    ['srs', { srs: { enabled: true } }, [[{ app: 'live' }, 'redirect:/live/elsewhere']], { action: 'on_play', client_id: '1', ip: '198.51.100.7', vhost: '__defaultVhost__', app: 'live', stream: 's', param: '' }, 'cannot-redirect'],
    ['srs', { srs: { enabled: true } }, [[{ app: 'live' }, 'rename:other']], { action: 'on_publish', client_id: '1', ip: '198.51.100.7', vhost: '__defaultVhost__', app: 'live', stream: 's', param: '' }, 'cannot-rename'],
    ['mediamtx', { mediamtx: { enabled: true } }, [[{ app: 'live' }, 'redirect:/x']], { user: '', password: '', token: '', ip: '198.51.100.7', action: 'read', path: 'live/s', protocol: 'rtsp', id: null, query: '' }, 'cannot-redirect'],
    ['nimble-publish', { nimblePublish: { enabled: true } }, [[{ app: 'publish' }, 'rename:other']], { seq: '1', id: 'k', ip: '192.168.1.1', stream: 'publish/benw' }, 'cannot-rename'],
    ['nimble', { nimble: { enabled: true } }, [[{ app: 'live' }, 'redirect:/elsewhere']], { host: 'a b', url: 'http://media.example.com/live/s/playlist.m3u8', ip: '198.51.100.7' }, 'bad-redirect-location'],
    ['nginx-auth-request', { nginx: { enabled: true } }, [[{ app: 'live' }, 'redirect:https://x/\nSet-Cookie: y']], { 'x-original-uri': '/live/s/index.m3u8', 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7' }, 'bad-redirect-location'],
    ['nginx-rtmp', { nginxRtmp: { enabled: true } }, [[{ app: 'app' }, 'redirect:rtmp://elsewhere/app/x']], { app: 'app', addr: '198.51.100.7', call: 'play', name: 'benw', clientid: '1' }, 'bad-redirect-location'],
    ['nginx-rtmp', { nginxRtmp: { enabled: true } }, [[{ app: 'app' }, 'redirect:stub']], { app: 'app', addr: '198.51.100.7', call: 'update_play', name: 'benw', clientid: '1' }, 'cannot-redirect']
  ]
  for (const [adapter, section, policies, message, reason] of cases) {
    const { app, logs } = await buildTestApp(t, steered(section, policies), { rules: [steer] })
    t.match(await app.explain(adapter, message), { decision: { outcome: 'deny', rule: 'test-steer', reason } }, `${adapter}: ${reason}`)
    t.same(logs.lines.filter(l => Number(l.level) >= 50), [], `${adapter}: explain reports no misconfiguration as an error`)
  }
  const { app } = await buildTestApp(t, steered({ nginxRtmp: { enabled: true } }, [[{ app: 'app' }, 'redirect:stub']]), { rules: [steer] })
  t.match(await app.explain('nginx-rtmp', { app: 'app', addr: '198.51.100.7', call: 'play', name: 'benw', clientid: '1' }), { decision: { outcome: 'redirect', location: 'stub' } }, 'a play nginx-rtmp can send elsewhere is explained as the redirect')
})
