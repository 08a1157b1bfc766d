import t from 'tap'
import type { AccessRequest } from '../../../src/core/access-request.js'
import { allow, redirect } from '../../../src/core/decision.js'
import { defineRule } from '../../../src/core/rule.js'
import { signUrl } from '../../../src/signing/sign-url.js'
import { timelimitSeconds } from '../../../src/adapters/icecast/translate.js'
import { Balances } from '../../../src/paywall/balances.js'
import { buildTestApp } from '../../helpers.js'

const KEY = 'icecast-contract-token-key-32-bytes'
const HOOK_SECRET = 'icecast-contract-hook-secret'

/** Remembers the sessions the policy was told are over. */
const ended: AccessRequest[] = []
const recorder = defineRule<Record<string, never>>({
  id: 'test-recorder',
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: () => allow('ip-allowed'), end (request) { ended.push(request) } })
})
const redirecting = defineRule<Record<string, never>>({
  id: 'test-redirect',
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: () => redirect('http://elsewhere.example/x.mp3', 'ip-allowed') })
})

async function icecastApp (t: { teardown: (fn: () => unknown) => void }): ReturnType<typeof buildTestApp> {
  return await buildTestApp(t, {
    server: { port: 0 },
    log: { level: 'info' },
    adapters: { icecast: { enabled: true, hookAuth: { secret: HOOK_SECRET } } },
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: {} }], default: 'deny' },
      { name: 'docs', match: { app: 'live', action: 'play' }, rules: [{ rule: 'ip-range', options: { allow: ['127.0.0.1'] } }, { rule: 'test-recorder', options: {} }], default: 'deny' },
      { name: 'tokens', match: { app: 'live.mp3', action: 'play' }, rules: [{ rule: 'signed-token', options: { keys: [{ id: 'default', secret: KEY }] } }], default: 'deny' },
      { name: 'moved', match: { app: 'moved.mp3' }, rules: [{ rule: 'test-redirect', options: {} }], default: 'deny' }
    ]
  }, { rules: [recorder, redirecting] })
}

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

/** POSTs a form as Icecast's libcurl does (Content-Type application/x-www-form-urlencoded). */
async function post (app: App, body: string, { secret = HOOK_SECRET, contentType = 'application/x-www-form-urlencoded' } = {}) {
  const res = await app.inject({ method: 'POST', url: `/icecast/auth?secret=${encodeURIComponent(secret)}`, headers: { 'content-type': contentType }, payload: body })
  return { status: res.statusCode, admitted: res.headers['icecast-auth-user'] === '1', timelimit: res.headers['icecast-auth-timelimit'], message: res.headers['icecast-auth-message'], body: res.body }
}

t.test('the examples of Icecast\'s own documentation (auth.html, "URL")', async t => {
  const { app } = await icecastApp(t)

  t.test('listener_add (auth.html "listener_add", Example) is a play of /live, admitted by the auth header', async t => {
    const answer = await post(app, 'action=listener_add&server=icecast.example.org&port=8000&client=1&mount=/live&user=&pass=&ip=127.0.0.1&agent=My%20player')
    t.match(answer, { status: 200, admitted: true, timelimit: undefined, body: '' })
    const refused = await post(app, 'action=listener_add&server=icecast.example.org&port=8000&client=1&mount=/live&user=&pass=&ip=192.0.2.1&agent=My%20player')
    t.match(refused, { status: 403, admitted: false, message: 'ip-range:ip-not-allowed' }, 'another listener is refused, the reason in icecast-auth-message')
  })

  t.test('listener_remove (auth.html "listener_remove", Example) ends the listener\'s session', async t => {
    ended.length = 0
    const answer = await post(app, 'action=listener_remove&server=icecast.example.org&port=8000&client=1&mount=/live&user=&pass=&duration=3600&ip=127.0.0.1&agent=My%20player')
    t.match(answer, { status: 200, admitted: false })
    t.match(ended, [{ action: 'play', protocol: 'ICECAST', url: { path: '/live', app: 'live' }, ip: '127.0.0.1', sessionId: 'icecast.example.org:8000:1', userAgent: 'My player' }])
    ended.length = 0
    await post(app, 'action=listener_remove&server=icecast.example.org&port=8000&client=2&mount=/live&ip=%3A%3Affff%3A127.0.0.1')
    t.match(ended, [{ ip: /^127\.0\.0\.1$/ }], 'in the one spelling its listener_add was decided in')
  })

  t.test('mount_add and mount_remove (auth.html, Examples) are acknowledged and decide nothing', async t => {
    t.match(await post(app, 'action=mount_add&mount=/live&server=icecast.example.org&port=8000'), { status: 200, admitted: false })
    t.match(await post(app, 'action=mount_remove&mount=/live&server=icecast.example.org&port=8000'), { status: 200, admitted: false })
  })

  t.test('stream_auth (auth.html "stream_auth", Example) checks the password as the stream key of the mount', async t => {
    const doc = 'action=stream_auth&mount=/stream.ogg&ip=192.0.2.0&server=icecast.example.org&port=8000&user=source&pass=password&admin=1'
    t.match(await post(app, doc), { status: 403, admitted: false, message: 'stream-key:unknown-key' }, 'no stream has the key "password"')
    const key = await app.streamKeys.create('stream.ogg')
    const form = (mount: string, pass: string): string => new URLSearchParams({ action: 'stream_auth', mount, ip: '192.0.2.0', server: 'icecast.example.org', port: '8000', user: 'source', pass }).toString()
    t.match(await post(app, form('/stream.ogg', key)), { status: 200, admitted: true, timelimit: undefined }, 'its key admits the source')
    t.match(await post(app, form('/other.ogg', key)), { status: 403, admitted: false, message: 'stream-key:wrong-stream' }, 'the key of one mount does not publish another')
    // a source's mount comes decoded, and Icecast creates exactly that mount: these are not stream.ogg
    for (const mount of ['/stream.ogg?x', '/stream.ogg#x', '/stream%2Eogg', '/stream.ogg/']) {
      t.match(await post(app, form(mount, key)), { status: 403, admitted: false, message: 'bad-url' }, `source mount ${mount}: refused`)
    }
    t.match(await app.streamKeys.info('stream.ogg'), { live: true, publisherIp: '192.0.2.0' }, 'the admitted source is live')
    t.match(await post(app, 'action=mount_remove&mount=/stream.ogg&server=icecast.example.org&port=8000'), { status: 200, admitted: false })
    t.match(await app.streamKeys.info('stream.ogg'), { live: false }, 'mount_remove marks it offline')
  })
})

t.test('what Icecast 2.4.4 really sends (captured from the Debian package)', async t => {
  const { app } = await icecastApp(t)

  t.test('a listener\'s mount is the request target with its query, escaped once more: the token is read from it', async t => {
    const signed = signUrl({ stream: '/live.mp3', key: KEY, ttl: 60 })
    const target = `${signed}&x=1%26y`
    // Icecast's util_url_escape writes lower-case escapes and %20 for a space
    const escaped = target.replace(/[^A-Za-z0-9_~-]/g, c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
    const answer = await post(app, `action=listener_add&server=127%2e0%2e0%2e1&port=18766&client=1&mount=${escaped}&user=&pass=&ip=127%2e0%2e0%2e1&agent=My%20player`)
    t.equal(answer.admitted, true)
    const seconds = Number(answer.timelimit)
    t.ok(seconds >= 59 && seconds <= 60, `icecast-auth-timelimit is what is left of the token (${seconds})`)
    t.match(await post(app, 'action=listener_add&server=127.0.0.1&port=18766&client=2&mount=%2flive%2emp3&user=&pass=&ip=127.0.0.1&agent=x'), { admitted: false, message: 'signed-token:token-missing' })
  })

  t.test('Icecast\'s URL authentication cannot redirect: a redirect decision refuses the listener', async t => {
    t.match(await post(app, 'action=listener_add&client=3&mount=/moved.mp3&ip=127.0.0.1'), { status: 403, admitted: false, message: 'test-redirect:cannot-redirect' })
  })
})

t.test('abuse: whatever cannot be read as Icecast\'s form is refused, never admitted', async t => {
  const { app, logs } = await icecastApp(t)
  const valid = 'action=listener_add&server=s&port=8000&client=1&mount=/live&ip=127.0.0.1&agent=a'
  t.match(await post(app, valid), { admitted: true }, 'the valid form is admitted')
  const cases: Array<[string, string, string]> = [
    ['no hook secret', valid, ''],
    ['a field given twice', `${valid}&mount=/other`, 'invalid-message'],
    ['listener_add without ip', 'action=listener_add&client=1&mount=/live', 'invalid-message'],
    ['an ip that is no address', valid.replace('ip=127.0.0.1', 'ip=localhost'), 'bad-address'],
    ['a source whose ip is no address', 'action=stream_auth&mount=/live.mp3&ip=127.0.0.1%20&user=source&pass=x', 'bad-address'],
    ['an unknown action', valid.replace('listener_add', 'listener_admit'), 'invalid-message'],
    ['a mount that is a URL', valid.replace('mount=/live', 'mount=http://127.0.0.1/live'), 'invalid-message'],
    ['an encoded slash', valid.replace('mount=/live', 'mount=/live%252fx'), 'path-encoded-separator'],
    ['a dot segment', valid.replace('mount=/live', 'mount=/x/../live'), 'path-dot-segment'],
    ['a client id that is no number', valid.replace('client=1', 'client=1e3'), 'invalid-message'],
    ['a huge field', valid.replace('agent=a', `agent=${'a'.repeat(5000)}`), 'invalid-message'],
    ['JSON instead of a form', JSON.stringify({ action: 'listener_add', mount: '/live', ip: '127.0.0.1' }), 'invalid-message']
  ]
  for (const [what, body, reason] of cases) {
    const answer = await post(app, body, reason === '' ? { secret: 'not-the-hook-secret' } : {})
    t.match(answer, { status: 403, admitted: false }, what)
    if (reason !== '') t.equal(answer.message, reason, `${what}: ${reason}`)
  }
  t.match(await post(app, valid, { contentType: 'text/plain' }), { admitted: true }, 'the form is read as a form whatever its Content-Type claims')
  t.notOk(logs.text().includes(HOOK_SECRET), 'the hook secret never reaches the logs')
})

t.test('a listener\'s ip is read in its one spelling, as address-bound tokens are signed (IPv4-mapped, upper-case IPv6)', async t => {
  const AKAMAI_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
  const tokens = (scheme: string, key: string, encoding: string) => ({ rule: 'signed-token', options: { scheme, keys: [{ id: 'default', secret: key, encoding }], nimble: { requireIp: true } } })
  const { app } = await buildTestApp(t, {
    server: { port: 0 },
    adapters: { icecast: { enabled: true, hookAuth: { secret: HOOK_SECRET } } },
    policies: [
      { match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: {} }], default: 'deny' },
      { match: { app: 'akamai.mp3', action: 'play' }, rules: [tokens('akamai', AKAMAI_KEY, 'hex')], default: 'deny' },
      { match: { app: 'nimble.mp3', action: 'play' }, rules: [tokens('nimble', 'nimble-panel-password', 'utf8')], default: 'deny' }
    ]
  })
  const listener = (mount: string, ip: string) => post(app, new URLSearchParams({ action: 'listener_add', server: 's', port: '8000', client: '1', mount, ip }).toString())
  for (const [bound, sent] of [['192.0.2.1', '::ffff:192.0.2.1'], ['2001:db8::1', '2001:DB8:0::1']] as const) {
    const akamai = signUrl({ scheme: 'akamai', stream: '/akamai.mp3', key: AKAMAI_KEY, keyEncoding: 'hex', ttl: 60, ip: bound })
    t.match(await listener(akamai, sent), { status: 200, admitted: true }, `akamai ip=${bound} from ${sent}`)
    const nimble = signUrl({ scheme: 'nimble', stream: '/nimble.mp3', key: 'nimble-panel-password', ttl: 60, ip: bound })
    t.match(await listener(nimble, sent), { status: 200, admitted: true }, `nimble IP-bound hash for ${bound} from ${sent}`)
    t.match(await listener(nimble, '192.0.2.2'), { status: 403, admitted: false, message: 'signed-token:token-bad-signature' }, 'not from another address')
  }
})

t.test('icecast-auth-timelimit stays what Icecast reads: an unsigned 32-bit number of seconds', async t => {
  t.equal(timelimitSeconds(0.2), 1, 'rounded up: never cut early')
  t.equal(timelimitSeconds(-5), 0, 'nothing left: cut at once')
  t.equal(timelimitSeconds(2.5e11), 4294967295, 'an entitlement to 9999 does not wrap around')
  t.equal(String(timelimitSeconds(1e21)), '4294967295', 'never 1e+21, which Icecast would read as 1')
})

t.test('explain reads a listener_add as the play and a stream_auth as the publish it decides', async t => {
  const { app } = await icecastApp(t)
  t.match(await app.explain('icecast', { action: 'listener_add', mount: '/live', ip: '127.0.0.1', client: '4' }), { decision: { outcome: 'allow' }, request: { action: 'play', url: { app: 'live' } } })
  t.match(await app.explain('icecast', { action: 'stream_auth', mount: '/live.mp3', ip: '127.0.0.1', pass: 'not-a-key' }), { decision: { outcome: 'deny', reason: 'unknown-key' }, request: { action: 'publish', url: { stream: 'live.mp3' } } })
  t.match(await app.explain('icecast', { action: 'mount_add', mount: '/live' }), { decision: { outcome: 'deny', reason: 'not-a-play-or-publish-hook' } })
  t.match(await app.explain('icecast', { action: 'listener_add', mount: '/live' }), { decision: { outcome: 'deny', reason: 'invalid-message' } })
  t.match(await app.explain('icecast', { action: 'listener_add', mount: '/live', ip: '::ffff:127.0.0.1', client: '4' }), { decision: { outcome: 'allow' }, request: { ip: /^127\.0\.0\.1$/ } }, 'the address in its one spelling')
  t.match(await app.explain('icecast', { action: 'stream_auth', mount: '/live.mp3', ip: 'x', pass: 'k' }), { decision: { outcome: 'deny', reason: 'bad-address' } })
})

t.test('config: the auth header must be a line Node writes back exactly as Icecast compares it', async t => {
  const policies = [{ rules: [], default: 'deny' }]
  await t.rejects(buildTestApp(t, { server: { port: 0 }, adapters: { icecast: { enabled: true, authHeader: 'icecast-auth-user:1' } }, policies }), /authHeader/)
  await t.rejects(buildTestApp(t, { server: { port: 0 }, adapters: { icecast: { enabled: true, authHeader: 'x-ok: 1\r\nicecast-auth-user: 1' } }, policies }), /authHeader/)
  const { app } = await buildTestApp(t, { server: { port: 0 }, adapters: { icecast: { enabled: true, authHeader: 'X-Allowed: yes' } }, policies: [{ rules: [{ rule: 'ip-range', options: { allow: ['127.0.0.1'] } }], default: 'deny' }] })
  const res = await app.inject({ method: 'POST', url: '/icecast/auth', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'action=listener_add&mount=/live&ip=127.0.0.1' })
  t.equal(res.headers['x-allowed'], 'yes', 'another auth_header is answered as configured')
})

t.test('a source refused before any rule is logged as a publish, a listener as a play', async t => {
  const { app, logs } = await icecastApp(t)
  const refusedLines = (): Array<Record<string, unknown>> => logs.lines.filter(l => l.msg === 'decision' && l.rule === 'adapter')
  t.match(await post(app, 'action=stream_auth&mount=/a/../b.ogg&ip=192.0.2.0&user=source&pass=x'), { status: 403, admitted: false })
  t.match(await post(app, 'action=listener_add&client=9&mount=/a/../b.ogg&ip=192.0.2.0'), { status: 403, admitted: false })
  t.same(refusedLines().map(l => l.action), ['publish', undefined], 'a play is the default, unnamed')
})

t.test('pay-per-minute: the time limits Icecast is given add up to no more than the balance charged', async t => {
  const { app } = await buildTestApp(t, {
    adapters: { icecast: { enabled: true, hookAuth: { secret: HOOK_SECRET } } },
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: {} }], default: 'deny' },
      { name: 'radio', match: { app: 'radio', action: 'play' }, rules: [{ rule: 'pay-per-minute', options: { viewer: { from: 'query', name: 'viewer' }, windowSeconds: 60 } }], default: 'deny' }
    ]
  })
  const balances = new Balances(app.store)
  await balances.topUp('alice', 600)
  const listeners = []
  // Icecast never asks again during a listener's session: the time limit is all it enforces
  for (let client = 1; client <= 12; client++) {
    listeners.push(await post(app, `action=listener_add&server=ice&port=8000&client=${client}&mount=${encodeURIComponent('/radio/jazz.mp3?viewer=alice')}&user=&pass=&ip=192.0.2.7&agent=x`))
  }
  const admitted = listeners.filter(l => l.admitted)
  t.equal(admitted.length, 10, 'ten windows bought, ten listeners')
  t.same(admitted.map(l => l.timelimit), Array(10).fill('60'), 'each listens the one window it paid')
  t.equal((await balances.read('alice')).seconds, 0)
})
