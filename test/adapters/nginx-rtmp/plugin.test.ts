import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { abstain, type AccessRequest, allow, defineRule, deny, redirect } from '../../../src/index.js'
import { buildTestApp, oneChain, withKeys } from '../../helpers.js'
import { Redis } from 'ioredis'
import { deletePrefix, REDIS_URL, redisStoreConfig } from '../../redis-helpers.js'

/** Plays with ?tok=good, is sent to a stub with ?tok=stub, refused otherwise: shows RTMP arguments reach the rules. */
const tokenArg = defineRule<Record<string, never>>({
  id: 'token-arg',
  optionsSchema: { type: 'object' },
  create: () => ({
    evaluate: request => request.url.query.tok === 'good'
      ? allow('good-token')
      : request.url.query.tok === 'stub' ? redirect('stub', 'stub-token') : deny('no-token')
  })
})

/** Publishers meet the publish policy (stream-key with `streamKey` options), viewers the token-arg rule. */
const config = (nginxRtmp: object = {}, publish: object = {}, streamKey: Record<string, unknown> = {}): unknown => ({
  ...(withKeys(oneChain([{ rule: 'token-arg' }]), streamKey) as object),
  adapters: { nginxRtmp: { enabled: true, ...nginxRtmp } },
  publish
})

const build = async (t: Test, nginxRtmp: object = {}, publish: object = {}, streamKey: Record<string, unknown> = {}) =>
  await buildTestApp(t, config(nginxRtmp, publish, streamKey), { rules: [tokenArg] })

let connections = 0

/**
 * The fields nginx-rtmp 1.2.2 sends (observed), with the call's own fields and URL arguments after them; each call on
 * a connection of its own unless `extra` names its clientid.
 */
function fields (call: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    app: 'app',
    flashver: 'FMLE/3.0 (compatible; Lavf59.27',
    swfurl: '',
    tcurl: 'rtmp://127.0.0.1:1935/app',
    pageurl: '',
    addr: '198.51.100.7',
    clientid: String(++connections),
    call,
    name,
    ...(call === 'publish' ? { type: 'live' } : {}),
    ...extra
  }
}

async function notify (app: FastifyInstance, body: Record<string, string> | string, contentType = 'application/x-www-form-urlencoded') {
  const res = await app.inject({
    method: 'POST',
    url: '/nginx-rtmp',
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : new URLSearchParams(body).toString()
  })
  return { status: res.statusCode, location: res.headers.location, body: res.body }
}

t.test('on_publish with a valid key renames the stream to its public name (302) and marks it live', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('benw')
  const res = await notify(app, fields('publish', key))
  t.same([res.status, res.location, res.body], [302, 'benw', ''])
  const info = await app.streamKeys.info('benw')
  t.match(info, { live: true, publisherIp: '198.51.100.7' })
  t.match(logs.lines.find(l => l.msg === 'decision'), { adapter: 'nginx-rtmp', action: 'publish', stream: 'benw', outcome: 'allow', reason: 'valid-key' })
  t.notOk(logs.text().includes(key), 'the key is not logged')
})

t.test('a key in an argument with the public name as stream name: 200 (when-renamed) or 302 (always)', async t => {
  const renamed = await build(t)
  const key = await renamed.app.streamKeys.create('benw')
  t.equal((await notify(renamed.app, fields('publish', 'benw', { key }))).status, 200)
  t.same(Object.values(await notify(renamed.app, fields('publish', 'other', { key }))).slice(0, 2), [302, 'benw'], 'another name is renamed')
  const always = await build(t, { redirect: 'always' })
  const key2 = await always.app.streamKeys.create('benw')
  t.same(Object.values(await notify(always.app, fields('publish', 'benw', { key: key2 }))).slice(0, 2), [302, 'benw'])
  const custom = await build(t, {}, { keyArg: 'streamkey' })
  const key3 = await custom.app.streamKeys.create('benw')
  t.equal((await notify(custom.app, fields('publish', 'benw', { streamkey: key3 }))).status, 200, 'the key argument is configurable')
  t.equal((await notify(custom.app, fields('publish', 'benw', { key: key3 }))).status, 403, 'and only that one is read')
})

t.test('unknown, revoked, rotated-out and banned keys are refused with 403', async t => {
  const { app, logs } = await build(t)
  const revoked = await app.streamKeys.create('revoked')
  await app.streamKeys.revoke('revoked')
  const old = await app.streamKeys.create('rotated')
  const current = await app.streamKeys.rotate('rotated')
  const banned = await app.streamKeys.create('banned')
  await app.streamKeys.setBanned('banned', true)
  const cases: Array<[string, string, string]> = [
    ['unknown', 'x'.repeat(43), 'unknown-key'],
    ['empty', '', 'no-key'],
    ['revoked', revoked, 'unknown-key'],
    ['rotated out', old, 'unknown-key'],
    ['banned', banned, 'banned']
  ]
  for (const [what, key, reason] of cases) {
    const res = await notify(app, fields('publish', key))
    t.same([res.status, res.location], [403, undefined], what)
    t.equal(logs.lines.filter(l => l.msg === 'decision').at(-1)?.reason, reason, `${what}: ${reason}`)
  }
  t.equal((await notify(app, fields('publish', current))).status, 302, 'the rotated key works')
  await app.streamKeys.setBanned('banned', false)
  t.equal((await notify(app, fields('publish', banned))).status, 302, 'unbanned')
  for (const key of [revoked, old, current, banned]) t.notOk(logs.text().includes(key), 'no key in the logs')
  t.same((await app.streamKeys.list({ liveOnly: true })).map(s => s.name), ['banned', 'rotated'])
})

t.test('wrong keys are rate-limited per address; on_connect leaves the decision to publish', async t => {
  const { app, logs } = await build(t, {}, {}, { bruteForce: { maxFailures: 3, windowSeconds: 60 } })
  const key = await app.streamKeys.create('benw')
  for (let i = 0; i < 3; i++) t.equal((await notify(app, fields('publish', `guess${i}`))).status, 403)
  t.equal((await notify(app, fields('publish', key))).status, 403, 'even the right key is refused once blocked')
  t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { action: 'publish', policy: 'publishers', rule: 'stream-key', reason: 'too-many-failures' })
  t.equal((await notify(app, fields('connect', '', { addr: '198.51.100.7' }))).status, 200, 'a connection may be a viewer\'s: connect refuses nobody')
  t.equal((await notify(app, fields('publish', key, { addr: '198.51.100.8' }))).status, 302, 'another address is not')
  t.equal((await notify(app, fields('connect', '', { addr: '198.51.100.8' }))).status, 200)
  t.equal((await notify(app, fields('update_publish', key, { addr: '198.51.100.8' }))).status, 200)
})

t.test('on_publish_done and on_done (sent with the original key) mark the stream offline', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('benw')
  await notify(app, fields('publish', key))
  t.equal((await notify(app, fields('publish_done', key))).status, 200)
  t.match(await app.streamKeys.info('benw'), { live: false })
  t.notOk('liveAt' in (await app.streamKeys.info('benw') ?? {}))
  t.match(logs.lines.find(l => l.msg === 'stream offline'), { stream: 'benw' })
  await notify(app, fields('publish', 'benw', { key }))
  t.equal((await notify(app, fields('done', 'benw', { key }))).status, 200)
  t.same(await app.streamKeys.list({ liveOnly: true }), [], 'the key argument works for done too')
  t.notOk(logs.text().includes(key))
})

t.test('a rotated key leaves the newer session live when the old one ends', async t => {
  const { app } = await build(t)
  const old = await app.streamKeys.create('benw')
  await notify(app, fields('publish', old))
  const current = await app.streamKeys.rotate('benw')
  await notify(app, fields('publish', current))
  await notify(app, fields('publish_done', old))
  t.match(await app.streamKeys.info('benw'), { live: true })
  await notify(app, fields('publish_done', current))
  t.match(await app.streamKeys.info('benw'), { live: false })
})

t.test('on_update re-authorizes: a revoked or banned publisher is ended, a viewer without a valid token too', async t => {
  const { app } = await build(t)
  const key = await app.streamKeys.create('benw')
  t.equal((await notify(app, fields('update_publish', key, { time: '30', timestamp: '30000' }))).status, 200)
  await app.streamKeys.setBanned('benw', true)
  t.equal((await notify(app, fields('update_publish', key))).status, 403, 'banned')
  await app.streamKeys.setBanned('benw', false)
  await app.streamKeys.revoke('benw')
  t.equal((await notify(app, fields('update_publish', key))).status, 403, 'revoked')
  t.equal((await notify(app, fields('update_play', 'benw', { tok: 'good' }))).status, 200)
  t.equal((await notify(app, fields('update_play', 'benw', { tok: 'bad' }))).status, 403)
  t.equal((await notify(app, fields('update_play', 'benw', { tok: 'stub' }))).status, 403, 'a redirect cannot move a viewer mid-session')
})

t.test('update_publish counts wrong keys like publish: it is no free oracle for guessing', async t => {
  const { app } = await build(t, {}, {}, { bruteForce: { maxFailures: 2, windowSeconds: 60 } })
  const key = await app.streamKeys.create('benw')
  t.equal((await notify(app, fields('update_publish', 'guess-1'))).status, 403)
  t.equal((await notify(app, fields('update_publish', 'guess-2'))).status, 403)
  t.equal((await notify(app, fields('update_publish', key))).status, 403, 'the right key is refused once blocked')
  t.equal((await notify(app, fields('publish', key))).status, 403, 'and so is a new publish')
  t.equal((await notify(app, fields('update_publish', key, { addr: '198.51.100.8' }))).status, 200, 'another address is not blocked')
})

t.test('on_play runs the rule chain with the RTMP URL arguments: allow, redirect, deny', async t => {
  const { app, logs } = await build(t)
  t.equal((await notify(app, fields('play', 'benw', { tok: 'good', start: '4294965296', duration: '0', reset: '0' }))).status, 200)
  t.same(Object.values(await notify(app, fields('play', 'benw', { tok: 'stub' }))).slice(0, 2), [302, 'stub'])
  t.equal((await notify(app, fields('play', 'benw'))).status, 403)
  t.equal((await notify(app, fields('play', 'benw', { tok: 'good', x: '1' }))).status, 200, 'arguments after nginx-rtmp\'s own fields')
  const decisions = logs.lines.filter(l => l.msg === 'decision')
  t.match(decisions[0], { adapter: 'nginx-rtmp', protocol: 'RTMP', app: 'app', stream: 'benw', ip: '198.51.100.7', outcome: 'allow' })
  t.same(decisions.map(d => d.outcome), ['allow', 'redirect', 'deny', 'allow'])
})

t.test('a redirect nginx-rtmp cannot read back whole, or would pull into the stream asked for, is a plain 403 with one decision line, never a play of the stream asked for', async t => {
  // plays are sent where ?to= says, publishes renamed to what ?as= says
  const steer = defineRule<Record<string, never>>({
    id: 'steer',
    optionsSchema: { type: 'object' },
    create: () => ({
      evaluate: request => request.action === 'play'
        ? redirect(String(request.url.query.to), 'steered')
        : allow('renamed', { stream: String(request.url.query.as) })
    })
  })
  const { app, logs } = await buildTestApp(t, { ...(oneChain([{ rule: 'steer' }]) as object), adapters: { nginxRtmp: { enabled: true } } }, { rules: [steer] })
  const longest = `stub-${'a'.repeat(254 - 5)}`
  t.same(Object.values(await notify(app, fields('play', 'benw', { to: 'stub-2' }))).slice(0, 2), [302, 'stub-2'], 'a readable location is sent')
  t.same(Object.values(await notify(app, fields('play', 'benw', { to: longest }))).slice(0, 2), [302, longest], 'so is one of 254 characters')
  t.same(Object.values(await notify(app, fields('publish', 'k', { as: 'public-2' }))).slice(0, 2), [302, 'public-2'], 'a public name is sent')
  // nginx-rtmp skips leading spaces, reads a blank value as no redirect (and plays `benw`), cuts after 254 characters
  const unreadable: Array<[string, string]> = [
    ['a line break', 'stub\r\nSet-Cookie: a=b'], ['non-ASCII', 'stub\u00e9'], ['a line separator', 'stub\u2028'], ['a NUL', '\u0000'],
    ['only spaces', '   '], ['a leading space', ' stub'], ['a space inside', 'stub two'], ['255 characters', `${longest}b`]
  ]
  for (const [label, to] of unreadable) {
    t.same(await notify(app, fields('play', 'benw', { to })), { status: 403, location: undefined, body: '' }, `a redirect with ${label}: refused, nothing of it sent`)
  }
  // nginx-rtmp would pull it into `benw` and play `benw`, live or not
  for (const to of ['rtmp://stub.example.com/live/stub', 'RTMP://127.0.0.1/live/stub']) {
    t.same(await notify(app, fields('play', 'benw', { to })), { status: 403, location: undefined, body: '' }, `a redirect to ${to}: refused`)
  }
  for (const [label, as] of unreadable.slice(0, 4)) {
    t.same((await notify(app, fields('publish', 'k', { as }))).status, 403, `a rename with ${label}: refused`)
  }
  const decisions = logs.lines.filter(l => l.msg === 'decision')
  t.equal(decisions.length, 3 + unreadable.length + 2 + 4, 'one decision line per hook')
  t.notOk(decisions.some(d => d.rule === 'adapter'), 'no second line for an answer that failed')
  t.match(decisions.slice(3 + unreadable.length + 2), Array(4).fill({ action: 'publish', outcome: 'deny', reason: 'rule-error' }), 'a public name that is no stream name is the rule\'s error')
  t.equal(logs.lines.filter(l => l.level === 50 && /nginx-rtmp cannot read whole/.test(String(l.msg))).length, unreadable.length, 'each unreadable redirect logged as an error to fix')
})

t.test('one stream per connection for its whole life: a second play or publish on it is refused (nginx-rtmp would keep it on the first, re-checked under the second\'s name)', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('studio')
  const on = (clientid: string, extra: Record<string, string> = {}) => ({ clientid, ...extra })
  const reasons = () => logs.lines.filter(l => l.msg === 'decision').map(l => `${l.rule as string}:${l.reason as string}`)

  t.equal((await notify(app, fields('play', 'paid', on('40', { tok: 'good' })))).status, 200, 'the first play')
  t.equal((await notify(app, fields('play', 'free', on('40', { tok: 'good' })))).status, 403, 'another stream on the same connection')
  t.equal((await notify(app, fields('publish', key, on('40')))).status, 403, 'a publish on it too')
  t.same(reasons().slice(-2), ['adapter:connection-in-use', 'adapter:connection-in-use'], 'refused before the rules, one line each')
  t.equal((await notify(app, fields('play', 'paid', on('40', { tok: 'good' })))).status, 200, 'the same stream again is decided by the rules')
  t.equal((await notify(app, fields('play', 'paid', on('40')))).status, 403, 'and refused by them without a token')
  t.equal((await notify(app, fields('update_play', 'paid', on('40', { tok: 'good' })))).status, 200, 'its updates go on')
  t.equal((await notify(app, fields('play', 'free', on('41', { tok: 'good' })))).status, 200, 'another connection is free')
  t.equal((await notify(app, fields('play', 'free', { ...on('40', { tok: 'good' }), addr: '198.51.100.8' }))).status, 200, 'so is the same number from another address')
  const edge = await app.inject({ method: 'POST', url: '/nginx-rtmp?server=edge2', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields('play', 'free', on('40', { tok: 'good' }))).toString() })
  t.equal(edge.statusCode, 200, 'and from another nginx')

  // a done hook races the next play's: a late one must not free a connection that has joined its stream again
  t.equal((await notify(app, fields('play', 'paid', on('50', { tok: 'good' })))).status, 200)
  for (const done of ['play_done', 'done']) t.equal((await notify(app, fields(done, 'paid', on('50')))).status, 200)
  t.equal((await notify(app, fields('play', 'free', on('50', { tok: 'good' })))).status, 403, 'done hooks leave the connection held')
  t.equal((await notify(app, { ...fields('disconnect', '', on('50')), app: 'app' })).status, 200)
  t.equal((await notify(app, fields('play', 'free', on('50', { tok: 'good' })))).status, 200, 'its disconnect frees its number')
  t.equal((await notify(app, fields('play', 'paid', on('60')))).status, 403, 'a refused play...')
  t.equal((await notify(app, fields('play', 'free', on('60', { tok: 'good' })))).status, 200, '...leaves the connection free')
  t.equal((await notify(app, fields('publish', key, on('61')))).status, 302, 'a publisher holds its connection...')
  t.equal((await notify(app, fields('play', 'free', on('61', { tok: 'good' })))).status, 403, '...against a play on it')
  // nginx would stay on studio, and check the second key in every update: studio would outlive its own key's revocation
  const other = await app.streamKeys.create('other')
  t.equal((await notify(app, fields('publish', 'studio', on('62', { key })))).status, 200, 'a key in an argument, under its public name')
  t.equal((await notify(app, fields('publish', 'studio', on('62', { key: other })))).status, 403, 'another key under the same name on that connection')
  t.equal((await notify(app, fields('update_publish', 'studio', on('62', { key })))).status, 200, 'the first key\'s updates go on')
})

t.test('a connection\'s hold ends three update periods after its last update (adapters.nginxRtmp.notifyUpdateSeconds)', async t => {
  let now = Date.now()
  const clock = t.capture(Date, 'now', () => now)
  const { app } = await build(t, { notifyUpdateSeconds: 10 })
  t.equal((await notify(app, fields('play', 'paid', { clientid: '90', tok: 'good' }))).status, 200)
  now += 25_000
  t.equal((await notify(app, fields('update_play', 'paid', { clientid: '90', tok: 'good' }))).status, 200, 'updated within 30 s')
  now += 25_000
  t.equal((await notify(app, fields('play', 'free', { clientid: '90', tok: 'good' }))).status, 403, 'held 30 s from its last update')
  now += 10_000
  t.equal((await notify(app, fields('play', 'free', { clientid: '90', tok: 'good' }))).status, 200, 'then free: a connection nginx stopped updating is gone')
  t.ok(clock.args().length > 0)
})

t.test('a viewer redirected at play keeps watching through its updates while the rules still redirect it there', async t => {
  const { app } = await build(t)
  t.equal((await notify(app, fields('play', 'benw', { clientid: '69', tok: 'good' }))).status, 200)
  t.equal((await notify(app, fields('play', 'benw', { clientid: '69', tok: 'stub' }))).status, 403, 'a connection that joined the stream cannot be sent elsewhere: nginx-rtmp would keep it there')
  t.equal((await notify(app, fields('update_play', 'benw', { clientid: '69', tok: 'stub' }))).status, 403, 'so no redirect was recorded for its updates')
  t.same(Object.values(await notify(app, fields('play', 'benw', { clientid: '70', tok: 'stub' }))).slice(0, 2), [302, 'stub'])
  // nginx-rtmp names the stream asked for, not the stub, in every update
  t.equal((await notify(app, fields('update_play', 'benw', { clientid: '70', tok: 'stub' }))).status, 200, 'still sent to the stub: goes on')
  t.equal((await notify(app, fields('update_play', 'benw', { clientid: '70' }))).status, 403, 'refused by the rules now: ended')
  t.same(Object.values(await notify(app, fields('play', 'benw', { clientid: '72', tok: 'stub' }))).slice(0, 2), [302, 'stub'])
  t.equal((await notify(app, fields('update_play', 'benw', { clientid: '72', tok: 'good' }))).status, 403, 'allowed the stream asked for now: ended all the same, since it watches the stub, which nothing checks')
  t.equal((await notify(app, fields('update_play', 'benw', { clientid: '71', tok: 'stub' }))).status, 403, 'a connection never redirected cannot be moved by an update')
})

t.test('instances sharing Redis hold a connection\'s stream together', async t => {
  const store = redisStoreConfig(t)
  const one = await buildTestApp(t, { ...(config() as object), store }, { rules: [tokenArg] })
  const two = await buildTestApp(t, { ...(config() as object), store }, { rules: [tokenArg] })
  const plays = await Promise.all(['paid', 'free', 'other', 'more'].map(async (name, i) => await notify(i % 2 === 0 ? one.app : two.app, fields('play', name, { clientid: '80', tok: 'good' }))))
  t.same(plays.map(p => p.status).sort(), [200, 403, 403, 403], 'four streams at once on one connection, through two instances: one plays')
  t.equal((await notify(two.app, { ...fields('disconnect', '', { clientid: '80' }), app: 'app' })).status, 200)
  t.equal((await notify(one.app, fields('play', 'free', { clientid: '80', tok: 'good' }))).status, 200, 'freed by a disconnect hook to the other instance')

  // claims lost (Redis flushed or failed over empty): the next update takes the connection for its stream again
  t.equal((await notify(one.app, fields('play', 'paid', { clientid: '81', tok: 'good' }))).status, 200)
  await deletePrefix(REDIS_URL, store.keyPrefix)
  t.equal((await notify(two.app, fields('update_play', 'paid', { clientid: '81', tok: 'good' }))).status, 200)
  t.equal((await notify(one.app, fields('play', 'free', { clientid: '81', tok: 'good' }))).status, 403, 'held again by its update')
})

t.test('in a video-on-demand app a play is decided on the file nginx-rtmp opens, whatever prefix or suffix names it', async t => {
  const { app, logs } = await buildTestApp(t, {
    adapters: { nginxRtmp: { enabled: true, vodApps: ['vod'] } },
    policies: [
      { name: 'premium', match: { app: 'vod', stream: 'premium-*' }, rules: [], default: 'deny' },
      { name: 'open', rules: [], default: 'allow' }
    ]
  })
  for (const name of ['premium-1.mp4', 'mp4:premium-1', 'MP4:premium-1', 'mp4:premium-1.mp4', 'premium-1', 'premium-1.flv']) {
    t.equal((await notify(app, fields('play', name, { app: 'vod' }))).status, 403, `vod ${name}: refused`)
  }
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.stream),
    ['premium-1.mp4', 'premium-1.mp4', 'premium-1.mp4', 'premium-1.mp4', 'premium-1.flv', 'premium-1.flv'], 'each decided on the file opened')
  t.equal((await notify(app, fields('play', 'mp4:free', { app: 'vod' }))).status, 200, 'another file plays')
  for (const name of ['premium-1.mp4#', 'premium%2D1.mp4', 'premium-1.mp4;x', 'premium-1.mp4 ']) {
    t.equal((await notify(app, fields('play', name, { app: 'vod' }))).status, 403, `vod ${JSON.stringify(name)}: refused, as a remote play entry would read another file`)
  }
  t.match(logs.lines.filter(l => l.msg === 'decision').slice(-4), Array(4).fill({ rule: 'adapter', reason: 'bad-url' }))
  t.equal((await notify(app, fields('update_play', 'mp4:premium-1', { app: 'vod' }))).status, 403, 'updates are decided the same way')
  t.equal((await notify(app, fields('play', 'mp4:premium-1', { app: 'live' }))).status, 200, 'a live app\'s names are whole names: no such live stream is premium')
})

t.test('a play or update_play with no address or an unreadable one is refused before the rules see it', async t => {
  const { app, logs } = await build(t)
  for (const call of ['play', 'update_play']) {
    const missing = fields(call, 'benw', { tok: 'good' })
    delete missing.addr
    t.equal((await notify(app, missing)).status, 403, `${call} without addr`)
    for (const addr of ['', 'x', '198.51.100.7:1935', 'a'.repeat(4096)]) {
      t.equal((await notify(app, fields(call, 'benw', { tok: 'good', addr }))).status, 403, `${call} from ${addr.slice(0, 20)}`)
    }
  }
  t.ok(logs.lines.filter(l => l.msg === 'decision').every(l => l.reason === 'bad-address' && l.rule === 'adapter'))
  t.equal((await notify(app, fields('play', 'benw', { tok: 'good', addr: '::ffff:198.51.100.7' }))).status, 200)
  t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { outcome: 'allow', ip: '198.51.100.7' }, 'the rules see the canonical address')
  t.match(await app.explain('nginx-rtmp', fields('play', 'benw', { tok: 'good', addr: 'x' })), { decision: { outcome: 'deny', reason: 'bad-address' } })
})

t.test('nginx-rtmp\'s own relays (push, pull) play from the media server\'s address; nobody else can pose as one', async t => {
  const { app, logs } = await build(t)
  const relay = { app: '', flashver: 'ngx-local-relay', tcurl: '', tok: 'good' }
  for (const addr of ['127.0.0.1:1935/hls-live', 'unix:/run/nginx-rtmp.sock', 'ngx-relay']) {
    t.equal((await notify(app, fields('play', 'benw', { ...relay, addr }))).status, 200, addr)
    t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { outcome: 'allow', ip: '127.0.0.1' })
  }
  t.equal((await notify(app, fields('play', 'benw', { ...relay, addr: '127.0.0.1:1935/hls-live', tok: 'bad' }))).status, 403, 'the rules still decide')
  t.equal((await notify(app, fields('play', 'benw', { tok: 'good', addr: '127.0.0.1:1935/hls-live' }))).status, 403, 'a relay address with another flashver')
  t.equal((await notify(app, fields('publish', 'benw', { ...relay, addr: '127.0.0.1:1935/hls-live' }))).status, 403, 'relays are recognised for play only')
  t.equal((await notify(app, fields('play', 'benw', { ...relay, addr: '198.51.100.7' }))).status, 200, 'a client calling itself a relay is a client')
  t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { ip: '198.51.100.7' })
})

t.test('play_done and done for viewers answer 200 and change nothing', async t => {
  const { app } = await build(t)
  await app.streamKeys.create('benw')
  t.equal((await notify(app, fields('play_done', 'benw', { tok: 'good' }))).status, 200)
  t.equal((await notify(app, fields('done', 'benw'))).status, 200)
  t.match(await app.streamKeys.info('benw'), { hasKey: true, live: false })
})

t.test('unreadable hooks are refused with 403, never 5xx; *_done hooks always get 200', async t => {
  const { app, logs } = await build(t)
  const key = await app.streamKeys.create('benw')
  const form = 'application/x-www-form-urlencoded'
  const refused: Array<[string, Record<string, string> | string, string?]> = [
    ['no call', { app: 'app', name: key }],
    ['unknown call', fields('record_done', key)],
    ['JSON body', JSON.stringify(fields('publish', key)), 'application/json'],
    ['text body', 'hello', 'text/plain'],
    ['binary body', '\u00ff\u0000\u00fe', 'application/octet-stream'],
    ['empty body', ''],
    ['huge field', fields('publish', key, { name: 'n'.repeat(5000) })],
    ['too many repeats', `call=publish&${Array(20).fill('name=x').join('&')}`]
  ]
  for (const [what, body, type] of refused) {
    const res = await notify(app, body, type ?? form)
    t.equal(res.status, 403, what)
  }
  for (const call of ['publish_done', 'play_done', 'done']) {
    t.equal((await notify(app, fields(call, 'n'.repeat(5000)))).status, 200, `${call} with a bad field`)
    t.equal((await notify(app, `call=${call}&name=x`, 'text/plain')).status, 200, `${call} mislabelled`)
    t.equal((await notify(app, JSON.stringify({ call }), 'application/json')).status, 403, `${call} in JSON cannot be told from another hook`)
  }
  const refusals = logs.lines.filter(l => l.msg === 'nginx-rtmp request refused')
  t.equal(refusals.length, refused.length + 3, 'each refused hook, and each *_done sent as JSON, logs one refusal')
  for (const line of refusals) t.match(line, { reason: /^(invalid-message|bad-request|bad-url)$/, detail: /./ })
  t.notOk(logs.text().includes(key), 'no key in the logs, even from refused requests')
})

t.test('a failing store refuses publishers (fail closed) but done hooks still answer 200', async t => {
  const { app, logs } = await buildTestApp(t, {
    ...(config() as object),
    store: { type: 'redis', url: 'redis://127.0.0.1:1', commandTimeout: 20 }
  }, { rules: [tokenArg] })
  t.equal((await notify(app, fields('publish', 'some-key'))).status, 403)
  t.equal(logs.lines.filter(l => l.msg === 'decision').at(-1)?.reason, 'store-error')
  t.equal((await notify(app, fields('update_publish', 'some-key'))).status, 403)
  t.equal((await notify(app, fields('publish_done', 'some-key'))).status, 200)
  t.equal((await notify(app, fields('connect', ''))).status, 200, 'connect leaves the decision to publish and play')
  t.equal((await notify(app, fields('play', 'benw', { tok: 'good' }))).status, 200, 'viewers are decided by the rule chain')
})

t.test('the adapter is off unless enabled; its path is configurable', async t => {
  const off = await buildTestApp(t, oneChain([]))
  t.equal((await notify(off.app, fields('publish', 'k'))).status, 404)
  const moved = await build(t, { path: '/hooks/rtmp' })
  const res = await moved.app.inject({ method: 'POST', url: '/hooks/rtmp', payload: new URLSearchParams(fields('connect', '')).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(res.statusCode, 200)
})

t.test('explain decides a play or publish hook as a dry run, showing no key; other hooks are not explained', async t => {
  const { app, logs } = await build(t, {}, {}, { bruteForce: { maxFailures: 1, windowSeconds: 60 } })
  t.match(await app.explain('nginx-rtmp', fields('play', 'benw', { tok: 'stub' })), {
    request: { action: 'play', protocol: 'RTMP', url: { app: 'app', stream: 'benw', query: { tok: 'stub' } } },
    decision: { outcome: 'redirect', location: 'stub' }
  })
  const key = await app.streamKeys.create('benw')
  for (const guess of ['guess-1', 'guess-2']) {
    t.match(await app.explain('nginx-rtmp', fields('publish', guess)), { decision: { outcome: 'deny', policy: 'publishers', rule: 'stream-key', reason: 'unknown-key' } })
  }
  const explained = await app.explain('nginx-rtmp', fields('update_publish', 'benw', { key, extra: 'kept' }))
  t.same(explained.decision, { outcome: 'allow', policy: 'publishers', rule: 'stream-key', reason: 'valid-key', subject: 'benw', stream: 'benw' }, 'guesses explained were not counted')
  t.match(explained.request, { action: 'publish', protocol: 'RTMP', url: { app: 'app', stream: 'benw', query: { extra: 'kept' } } })
  t.notOk(JSON.stringify(await app.explain('nginx-rtmp', fields('publish', key))).includes(key), 'the key is in no part of the answer')
  t.match(await app.explain('nginx-rtmp', fields('connect', '')), { decision: { outcome: 'deny', reason: 'not-a-play-or-publish-hook' } })
  t.match(await app.explain('nginx-rtmp', { name: 'x' }), { decision: { outcome: 'deny', reason: 'invalid-message' } })
  t.equal(logs.lines.filter(l => l.msg === 'decision').length, 0, 'dry runs leave no decision lines')
})

t.test('play_done and done end a viewer\'s session early, so its place in concurrent-sessions is free at once', async t => {
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { limit: 1, heartbeatSeconds: 3600, viewer: { from: 'query', name: 'viewer' } } }], { default: 'allow' }) as object),
    adapters: { nginxRtmp: { enabled: true } }
  })
  const play = (clientid: string, call = 'play', viewer = 'alice') => notify(app, fields(call, 'benw', { clientid, viewer }))
  t.equal((await play('1')).status, 200, 'first session admitted')
  t.equal((await play('2')).status, 403, 'a second one is over the limit')
  t.equal((await play('1', 'play_done')).status, 200)
  t.equal((await play('2')).status, 200, 'after play_done the place is free')
  t.equal((await play('2', 'done')).status, 200, 'done, with the same arguments as the play (as nginx sends them)')
  t.equal((await play('3')).status, 200, 'the session was found by its id and ended')
  t.equal((await play('4', 'play', 'bob')).status, 200, 'other viewers are not affected')
})

t.test('a play name with a slash is a stream of its own, as nginx-rtmp treats it', async t => {
  const { app, logs } = await buildTestApp(t, {
    policies: [
      { match: { app: 'app', stream: 'vip' }, rules: [], default: 'deny' },
      { rules: [], default: 'allow' }
    ],
    adapters: { nginxRtmp: { enabled: true } }
  })
  t.equal((await notify(app, fields('play', 'vip'))).status, 403)
  t.equal((await notify(app, fields('play', 'vip/backstage'))).status, 200, 'vip/backstage is not vip')
  t.match(logs.lines.filter(l => l.msg === 'decision')[1], { app: 'app', stream: 'vip/backstage' })
})

t.test('the client\'s arguments reach the rules as the client sent them: nginx-rtmp appends them to its form unescaped', async t => {
  const seen: AccessRequest[] = []
  const capture = defineRule<Record<string, never>>({
    id: 'capture',
    optionsSchema: { type: 'object' },
    create: () => ({ evaluate: request => { seen.push(request); return abstain('seen') } })
  })
  const { app, logs } = await buildTestApp(t, {
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'capture' }, { rule: 'stream-key' }] },
      { name: 'viewers', rules: [{ rule: 'capture' }, { rule: 'token-arg' }] }
    ],
    adapters: { nginxRtmp: { enabled: true } }
  }, { rules: [capture, tokenArg] })
  // as nginx-rtmp 1.2.2 writes the form (observed): its own fields escaped, then `&` and the client's query as sent
  const asSent = (call: string, name: string, query: string): string => `${new URLSearchParams(fields(call, name)).toString()}&${query}`
  const play = async (query: string) => {
    const res = await notify(app, asSent('play', 'benw', query))
    return { status: res.status, search: new URL(seen.at(-1)?.url.href ?? 'x:').search, query: seen.at(-1)?.url.query }
  }

  t.same(await play('tok=good&sig=ip%3d2001%3adb8~d=a+b%2fc&x=%26%3D&tok=bad&%74ok=worse&q=a#b&=e&flag'), {
    status: 200,
    search: '?tok=good&sig=ip%3d2001%3adb8~d=a+b%2fc&x=%26%3D&q=a%23b&=e&flag',
    query: { tok: 'good', sig: 'ip=2001:db8~d=a b/c', x: '&=', q: 'a#b', '': 'e', flag: '' }
  }, 'escapes, their case and + as sent; the first of a name (however spelt) the only one; a # is text')
  t.same((await play('?tok=bad&tok=good')).query, { '?tok': 'bad', tok: 'good' }, 'stream??tok=bad: the name is ?tok, as the field nginx-rtmp sends')
  t.same((await play('app=x&name=y&tok=good')).query, { tok: 'good' }, 'a field of nginx-rtmp\'s own is no argument, as before')
  t.same(await play('args=tok%3Dgood%26y%3Da%252fb'), { status: 403, search: '?args=tok%3Dgood%26y%3Da%252fb', query: { args: 'tok=good&y=a%2fb' } },
    'an argument named args is the client\'s like any other (nginx-rtmp sends no args field): no query of its own')
  t.same((await play('__to\tken__=stub&__token__=bad&tok=stub')).search, '?__to%09ken__=stub&__token__=bad&tok=stub', 'a tab in a name stays in it: the URL parser would drop it and make the name another')

  const key = await app.streamKeys.create('benw')
  const decoys = ['decoy-one-0123456789', 'decoy-two-0123456789']
  const res = await notify(app, asSent('publish', 'benw', `key=${key}&x=a%2fb&k%65y=${decoys[0]}&key=${decoys[1]}`))
  t.equal(res.status, 200, 'the first key argument is the key')
  const published = seen.at(-1)
  t.same([published?.action, published?.publish?.key, published?.url.query], ['publish', key, { x: 'a/b' }])
  t.equal(new URL(published?.url.href ?? 'x:').search, '?x=a%2fb', 'no key argument, however spelt, reaches the URL; the rest as sent')
  for (const secret of [key, ...decoys]) t.notOk(logs.text().includes(secret), 'no key in the logs')
})

t.test('a live publisher\'s stream key is nowhere in the store in clear, though nginx-rtmp publishes under it as the name', async t => {
  const store = redisStoreConfig(t)
  const { app } = await buildTestApp(t, { ...(config() as object), store }, { rules: [tokenArg] })
  const key = await app.streamKeys.create('benw')
  t.same(Object.values(await notify(app, fields('publish', key, { clientid: '95' }))).slice(0, 2), [302, 'benw'])
  t.equal((await notify(app, fields('update_publish', key, { clientid: '95' }))).status, 200, 'its updates still find the connection it holds')
  t.equal((await notify(app, fields('publish', 'someone-elses-key', { clientid: '95' }))).status, 403, 'which holds no other stream')
  const redis = new Redis(REDIS_URL)
  t.teardown(() => { redis.disconnect() })
  const entries: string[] = []
  for (const name of await redis.keys(`${store.keyPrefix}*`)) {
    const type = await redis.type(name)
    entries.push(name, type === 'string' ? await redis.get(name) ?? '' : JSON.stringify(type === 'hash' ? await redis.hgetall(name) : await redis.smembers(name)))
  }
  t.ok(entries.some(entry => entry.includes('rtmp-connection:')), 'the connection\'s claim is there')
  t.same(entries.filter(entry => entry.includes(key)), [], 'and no entry holds the key')

  // a claim an older streamgate wrote, with the name in clear: its publisher goes on, and the key leaves the store
  const claimKey = entries.find(entry => entry.includes('rtmp-connection:')) as string
  const written = JSON.parse(await redis.get(claimKey) as string) as Record<string, string>
  await redis.set(claimKey, JSON.stringify({ ...written, name: key }), 'PX', 60_000)
  t.equal((await notify(app, fields('update_publish', key, { clientid: '95' }))).status, 200, 'a claim written by an older version still holds')
  t.notMatch(await redis.get(claimKey), key, 'and is written again without the key')
  t.equal((await notify(app, fields('update_publish', 'someone-elses-key', { clientid: '95' }))).status, 403)
})

t.test('a publish renamed to a public name is decided by that name\'s policy too, whatever name it asked for', async t => {
  // vip-* streams may be published only from the studio (192.0.2.0/24)
  const { app, logs } = await buildTestApp(t, {
    adapters: { nginxRtmp: { enabled: true } },
    log: { level: 'info' },
    policies: [
      { name: 'vip-publishers', match: { action: 'publish', stream: 'vip-*' }, rules: [{ rule: 'ip-range', options: { allow: ['192.0.2.0/24'], onAllowed: 'abstain' } }, { rule: 'stream-key' }], default: 'deny' },
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key' }], default: 'deny' },
      { name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }
    ]
  })
  const vip = await app.streamKeys.create('vip-news')
  const publish = async (name: string, addr: string, extra: Record<string, string> = {}) => await notify(app, fields('publish', name, { addr, ...extra }))
  t.equal((await publish('vip-news', '203.0.113.9', { key: vip })).status, 403, 'asked as vip-news from outside the studio: the vip policy refuses')
  t.same(Object.values(await publish(vip, '203.0.113.9')).slice(0, 2), [403, undefined], 'asked as the key itself: refused all the same')
  t.same(Object.values(await publish('anything', '203.0.113.9', { key: vip })).slice(0, 2), [403, undefined], 'asked as any other name with the key as argument: refused')
  t.same(Object.values(await publish(vip, '192.0.2.10')).slice(0, 2), [302, 'vip-news'], 'from the studio: renamed to vip-news')
  t.match(logs.lines.filter(l => l.msg === 'decision').map(l => [l.policy, l.reason]), [
    ['vip-publishers', 'ip-not-allowed'], ['vip-publishers', 'ip-not-allowed'], ['vip-publishers', 'ip-not-allowed'], ['publishers', 'valid-key']
  ], 'each line names the policy that gave the answer')
})
