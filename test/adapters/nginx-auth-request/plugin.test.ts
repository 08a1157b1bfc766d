import type { FastifyInstance } from 'fastify'
import t from 'tap'
import type { AccessRequest } from '../../../src/core/access-request.js'
import { abstain, redirect } from '../../../src/core/decision.js'
import { defineRule } from '../../../src/core/rule.js'
import { Balances } from '../../../src/paywall/balances.js'
import { signUrl } from '../../../src/signing/sign-url.js'
import { buildTestApp, oneChain } from '../../helpers.js'

const VIEWER = { 'x-original-uri': '/live/stream/index.m3u8', 'x-original-method': 'GET', 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7', host: 'tv.example.com' }

/** The viewer connecting to nginx from another address: the recipe's nginx sets both address headers to it. */
const from = (ip: string) => ({ ...VIEWER, 'x-real-ip': ip, 'x-forwarded-for': ip })

/** Allows 198.51.100.0/24, redirects 192.0.2.0/24 to a login page, denies the rest. */
const rules = [
  { rule: 'ip-range', name: 'login', options: { allow: ['192.0.2.0/24'], onAllowed: { redirect: 'https://www.example.com/login' }, onNotAllowed: 'abstain' } },
  { rule: 'ip-range', name: 'viewers', options: { allow: ['198.51.100.0/24', '2001:db8::/32'] } }
]
const withAdapter = (nginx: Record<string, unknown> = {}, chain: unknown[] = rules): unknown =>
  ({ ...(oneChain(chain, { default: 'deny' }) as object), adapters: { nginx: { enabled: true, ...nginx } } })

interface Answer { status: number, headers: Record<string, unknown>, bytes: number }

async function auth (app: FastifyInstance, headers: Record<string, string>, extra: { method?: 'GET' | 'HEAD' | 'POST' | 'PUT', url?: string, payload?: string } = {}): Promise<Answer> {
  const res = await app.inject({ method: extra.method ?? 'GET', url: extra.url ?? '/nginx/auth', headers, ...(extra.payload === undefined ? {} : { payload: extra.payload }) })
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload.length }
}

/** A rule that records what it was given and abstains. */
function recorder (): { seen: AccessRequest[], rule: ReturnType<typeof defineRule<object>> } {
  const seen: AccessRequest[] = []
  const rule = defineRule<object>({
    id: 'record',
    optionsSchema: { type: 'object' },
    create: () => ({ evaluate (request) { seen.push(request); return abstain('recorded') } })
  })
  return { seen, rule }
}

t.test('allow is 204, deny 403, redirect 401 with X-Redirect-Location; never a body', async t => {
  const { app } = await buildTestApp(t, withAdapter())
  const allowed = await auth(app, VIEWER)
  t.same([allowed.status, allowed.bytes], [204, 0])
  const denied = await auth(app, from('203.0.113.1'))
  t.same([denied.status, denied.bytes], [403, 0])
  t.notOk(denied.headers['x-redirect-location'])
  const redirected = await auth(app, from('192.0.2.10'))
  t.same([redirected.status, redirected.bytes], [401, 0])
  t.equal(redirected.headers['x-redirect-location'], 'https://www.example.com/login')
  for (const answer of [allowed, denied, redirected]) t.notOk(answer.headers['content-type'], 'no content type: there is no content')
})

t.test('the deny status is configurable', async t => {
  const { app } = await buildTestApp(t, withAdapter({ denyStatus: 401 }))
  const denied = await auth(app, from('203.0.113.1'))
  t.same([denied.status, denied.bytes, denied.headers['x-redirect-location']], [401, 0, undefined], 'a 401 deny has no location: the recipe answers it 403')
  t.equal((await auth(app, from('192.0.2.10'))).headers['x-redirect-location'], 'https://www.example.com/login')
})

t.test('every header reaches the rules', async t => {
  const { seen, rule } = recorder()
  const { app, logs } = await buildTestApp(t, withAdapter({}, [{ rule: 'record', options: {} }, ...rules]), { rules: [rule] })
  t.equal((await auth(app, {
    ...VIEWER,
    'x-original-uri': '/keys/stream/7.key?s=c2lnbmF0dXJl',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
    referer: 'https://www.example.com/watch',
    cookie: 'sessionid=abc123; theme=dark'
  })).status, 204)
  t.match(seen[0], {
    action: 'play',
    protocol: 'HLS',
    host: 'tv.example.com',
    url: { path: '/keys/stream/7.key', app: 'keys', stream: 'stream', query: { s: 'c2lnbmF0dXJl' } },
    ip: '198.51.100.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
    referer: 'https://www.example.com/watch',
    sessionId: 'abc123',
    cookies: { sessionid: 'abc123', theme: 'dark' }
  })
  t.match(logs.lines.find(l => l.msg === 'decision'), { adapter: 'nginx-auth-request', app: 'keys', stream: 'stream', protocol: 'HLS', ip: '198.51.100.7', outcome: 'allow', rule: 'viewers' })
})

t.test('the client is found through trusted proxies only', async t => {
  const trusting = await buildTestApp(t, withAdapter({ trustedProxies: ['10.0.0.0/8', '127.0.0.1'] }))
  const behindBalancer = { ...VIEWER, 'x-forwarded-for': '198.51.100.7, 10.1.2.3', 'x-real-ip': '10.1.2.3' }
  t.equal((await auth(trusting.app, behindBalancer)).status, 204, 'the viewer behind a trusted balancer')
  t.equal((await auth(trusting.app, { ...behindBalancer, 'x-forwarded-for': '198.51.100.7, 203.0.113.1, 10.1.2.3' })).status, 403, 'an untrusted hop in between is the client')
  t.equal((await auth(trusting.app, { ...VIEWER, 'x-forwarded-for': '192.0.2.10, 198.51.100.7', 'x-real-ip': '198.51.100.7' })).status, 204, 'what the viewer claims is not believed')

  const plain = await buildTestApp(t, withAdapter())
  t.equal((await auth(plain.app, behindBalancer)).status, 403, 'with no proxy trusted, the balancer is the client')
  t.equal((await auth(plain.app, { ...VIEWER, 'x-forwarded-for': '198.51.100.7, 203.0.113.1', 'x-real-ip': '203.0.113.1' })).status, 403, 'a spoofed X-Forwarded-For does not let a viewer in')
  t.equal((await auth(plain.app, from('2001:db8::5'))).status, 204, 'IPv6')

  for (const addressHeader of ['x-real-ip', 'x-forwarded-for']) {
    const { app } = await buildTestApp(t, withAdapter({ addressHeader, trustedProxies: ['10.0.0.0/8'] }))
    t.equal((await auth(app, behindBalancer)).status, 204, `${addressHeader}: the viewer behind a trusted balancer`)
    t.equal((await auth(app, { ...behindBalancer, 'x-forwarded-for': '198.51.100.7, 203.0.113.1, 10.1.2.3' })).status, 403, `${addressHeader}: an untrusted hop in between is the client`)
  }
  const realIpOnly = await buildTestApp(t, withAdapter({ addressHeader: 'x-real-ip', trustedProxies: ['10.0.0.0/8'] }))
  t.equal((await auth(realIpOnly.app, { ...VIEWER, 'x-forwarded-for': '198.51.100.7', 'x-real-ip': '203.0.113.1' })).status, 403, 'x-real-ip: an untrusted X-Real-IP is the client, whatever X-Forwarded-For says')
})

t.test('the address is read only from the headers nginx sets: a viewer\'s own X-Real-IP is never believed', async t => {
  // an attacker at 198.51.100.66 replays a native token bound to 203.0.113.9 through an nginx that sets only
  // X-Forwarded-For ($proxy_add_x_forwarded_for); auth_request passes the attacker's X-Real-IP on untouched
  const key = 'native-key-0123456789abcdef'
  const rule = { rule: 'signed-token', options: { scheme: 'native', keys: [{ id: 'default', secret: key }] } }
  const uri = signUrl({ stream: '/hls/vip/index.m3u8', key, ttl: 600, ip: '203.0.113.9' })
  const ask = async (app: FastifyInstance, headers: Record<string, string>) => await auth(app, { 'x-original-uri': uri, host: 'tv.example.com', ...headers })
  const attack = { 'x-forwarded-for': '198.51.100.66', 'x-real-ip': '203.0.113.9' }

  const byDefault = await buildTestApp(t, withAdapter({ reasonHeader: true }, [rule]))
  const refused = await ask(byDefault.app, attack)
  t.same([refused.status, refused.headers['x-streamgate-reason']], [403, 'adapter:no-client-ip'], 'default (both): X-Real-IP is not X-Forwarded-For\'s last hop, so nginx did not set it')
  t.match(byDefault.logs.lines.find(l => l.reason === 'no-client-ip'), { detail: /add both proxy_set_header X-Real-IP \$remote_addr; and proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/ })
  t.equal((await ask(byDefault.app, { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.9' })).status, 204, 'default: the token\'s own viewer, as the recipe\'s nginx describes it')

  const forwardedFor = await buildTestApp(t, withAdapter({ addressHeader: 'x-forwarded-for' }, [rule]))
  t.equal((await ask(forwardedFor.app, attack)).status, 403, 'x-forwarded-for: the last X-Forwarded-For hop is the client; X-Real-IP is ignored')
  t.equal((await ask(forwardedFor.app, { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '198.51.100.66' })).status, 204, 'x-forwarded-for: the token\'s own viewer, whatever X-Real-IP it sends')
  t.equal((await ask(forwardedFor.app, { 'x-forwarded-for': '203.0.113.9, 198.51.100.66' })).status, 403, 'x-forwarded-for: an entry the viewer sent before nginx\'s is not believed')
  t.match(await forwardedFor.app.explain('nginx-auth-request', { 'X-Original-URI': uri, ...attack }), { request: { ip: '198.51.100.66' }, decision: { outcome: 'deny', rule: 'signed-token' } }, 'explain reads the same header')
})

t.test('a header addressHeader names that nginx did not send is the adapter\'s refusal, naming the line to add', async t => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['both', { 'x-forwarded-for': '198.51.100.7' }, /add proxy_set_header X-Real-IP \$remote_addr; to the auth location/],
    ['both', { 'x-real-ip': '198.51.100.7' }, /add proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; to the auth location/],
    ['x-real-ip', { 'x-forwarded-for': '198.51.100.7' }, /add proxy_set_header X-Real-IP \$remote_addr; to the auth location/],
    ['x-forwarded-for', { 'x-real-ip': '198.51.100.7' }, /add proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; to the auth location/]
  ]
  for (const [addressHeader, headers, line] of cases) {
    const { app, logs } = await buildTestApp(t, withAdapter({ addressHeader, reasonHeader: true }))
    const { 'x-real-ip': _ip, 'x-forwarded-for': _hops, ...rest } = VIEWER
    const answer = await auth(app, { ...rest, ...headers })
    t.same([answer.status, answer.bytes, answer.headers['x-streamgate-reason']], [403, 0, 'adapter:no-client-ip'], `${addressHeader}, only ${Object.keys(headers)[0]}`)
    t.match(logs.lines.find(l => l.reason === 'no-client-ip' && l.msg === 'nginx-auth-request request refused'), { detail: line })
    t.match(await app.explain('nginx-auth-request', { ...rest, ...headers }), { decision: { outcome: 'deny', rule: 'adapter', reason: 'no-client-ip' } }, 'explain refuses it too')
  }
})

t.test('the trusted proxy list is checked at start-up', async t => {
  await t.rejects(buildTestApp(t, withAdapter({ trustedProxies: ['10.0.0.0/33'] })), /adapters\.nginx\.trustedProxies: "10\.0\.0\.0\/33" is not an IP address or CIDR/)
})

t.test('a missing X-Original-URI or client address is a 403 with a clear log line', async t => {
  const { app, logs } = await buildTestApp(t, withAdapter({ reasonHeader: true }, [{ rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }]))
  const { 'x-original-uri': _uri, ...noUri } = VIEWER
  const { 'x-real-ip': _ip, 'x-forwarded-for': _hops, ...noIp } = VIEWER
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no X-Original-URI', noUri, 'no-original-uri'],
    ['an absolute X-Original-URI', { ...VIEWER, 'x-original-uri': 'http://tv.example.com/live/stream/index.m3u8' }, 'bad-uri'],
    ['no client address', noIp, 'no-client-ip'],
    ['a client address that is not one', from('unknown'), 'bad-client-ip'],
    ['no headers at all', {}, 'no-original-uri']
  ]
  for (const [name, headers, reason] of cases) {
    const answer = await auth(app, headers)
    t.same([answer.status, answer.bytes, answer.headers['x-streamgate-reason']], [403, 0, `adapter:${reason}`], name)
  }
  t.match(logs.lines.find(l => l.reason === 'no-original-uri' && l.msg === 'nginx-auth-request request refused'), { level: 40, detail: /add proxy_set_header X-Original-URI \$request_uri; to the auth location/ })
  t.match(logs.lines.find(l => l.reason === 'no-client-ip' && l.msg === 'nginx-auth-request request refused'), { detail: /X-Real-IP \$remote_addr/ })
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => [l.outcome, l.rule, l.reason]), cases.map(([, , reason]) => ['deny', 'adapter', reason]), 'each refusal leaves a decision line')
})

t.test('original method: any method reaches the route; POST and PUT are publish; a body is ignored', async t => {
  const { seen, rule } = recorder()
  const { app } = await buildTestApp(t, withAdapter({}, [{ rule: 'record', options: {} }, ...rules]), { rules: [rule] })
  const head = await auth(app, VIEWER, { method: 'HEAD' })
  t.same([head.status, head.bytes], [204, 0], 'a HEAD subrequest (for a HEAD of the original)')
  t.equal((await auth(app, { ...VIEWER, 'x-original-method': 'PUT' }, { method: 'PUT' })).status, 204)
  const withBody = await auth(app, { ...VIEWER, 'x-original-method': 'POST', 'content-type': 'application/json' }, { method: 'POST', payload: '{"broken": ' })
  t.same([withBody.status, withBody.bytes], [204, 0], 'a body sent with proxy_pass_request_body on is drained, not parsed')
  t.equal((await auth(app, { ...VIEWER, 'content-type': 'video/mp2t' }, { method: 'POST', payload: 'x'.repeat(2_000_000) })).status, 204, 'even one larger than the body limit')
  t.same(seen.map(r => r.action), ['play', 'publish', 'publish', 'play'])
})

t.test('the route path is configurable; the adapter is off unless enabled', async t => {
  const moved = await buildTestApp(t, withAdapter({ path: '/auth/nginx' }))
  t.equal((await auth(moved.app, VIEWER, { url: '/auth/nginx' })).status, 204)
  t.equal((await auth(moved.app, VIEWER)).status, 404)
  const off = await buildTestApp(t, oneChain(rules))
  t.equal((await auth(off.app, VIEWER)).status, 404)
})

t.test('a redirect location that cannot be sent as a header, or is too long for nginx\'s buffer, is a 403, not a 5xx', async t => {
  // a custom rule's: a configured location is refused at start-up (test/config/load.test.ts)
  const steer = defineRule<Record<string, never>>({
    id: 'steer',
    optionsSchema: { type: 'object' },
    create: () => ({ evaluate: request => redirect(request.url.query.to ?? '', 'steered') })
  })
  const { app, logs } = await buildTestApp(t, withAdapter({}, [{ rule: 'steer' }]), { rules: [steer] })
  const to = (location: string) => ({ ...VIEWER, 'x-original-uri': `/live/stream/index.m3u8?to=${encodeURIComponent(location)}` })
  const longest = `https://www.example.com/${'a'.repeat(2048 - 24)}`
  t.same([(await auth(app, to(longest))).status, (await auth(app, to(longest))).headers['x-redirect-location']], [401, longest], '2048 characters are sent')
  for (const location of ['https://www.example.com/\r\nSet-Cookie: a=b', `${longest}b`, '']) {
    const answer = await auth(app, to(location))
    t.same([answer.status, answer.bytes, answer.headers['set-cookie'], answer.headers['x-redirect-location']], [403, 0, undefined, undefined], `${location.length} characters: refused`)
  }
  t.equal(logs.lines.filter(l => l.level === 50 && /redirect location cannot be sent in a header/.test(String(l.msg))).length, 3)
})

t.test('session cookie and query secrets never reach the logs', async t => {
  const { app, logs } = await buildTestApp(t, withAdapter({ reasonHeader: true }, [{ rule: 'session-cookie', options: { keys: [{ id: 'k1', secret: 'nginx-playlist-secret' }] } }]))
  t.equal((await auth(app, { ...VIEWER, 'x-original-uri': '/keys/stream/1.key?s=Zm9yZ2VkLXNpZ25hdHVyZQ', cookie: 'sessionid=secret-session-value' })).headers['x-streamgate-reason'], 'session-cookie:cookie-signature-mismatch')
  const text = logs.text()
  for (const secret of ['secret-session-value', 'Zm9yZ2VkLXNpZ25hdHVyZQ', 'nginx-playlist-secret']) t.notMatch(text, secret)
})

t.test('each key fetch of a session is a pay-per-minute metering window, the session from the configured cookie', async t => {
  const { app } = await buildTestApp(t, withAdapter({ sessionCookie: 'sg_session' }, [
    { rule: 'pay-per-minute', options: { viewer: { from: 'cookie', name: 'viewer' }, windowSeconds: 60 } }
  ]))
  const balances = new Balances(app.store)
  await balances.topUp('alice', 150)
  const key = (session: string) => auth(app, { ...VIEWER, 'x-original-uri': '/keys/stream/3.key', cookie: `viewer=alice; sg_session=${session}` })
  t.equal((await key('tab-1')).status, 204)
  t.equal((await key('tab-1')).status, 204, 'the same session within its window')
  t.equal((await balances.read('alice')).seconds, 90, 'one window charged')
  t.equal((await key('tab-2')).status, 204, 'another session')
  t.equal((await balances.read('alice')).seconds, 30)
  t.equal((await key('tab-3')).status, 403, 'too little left for a third window')
  t.equal((await auth(app, { ...VIEWER, 'x-original-uri': '/keys/stream/3.key', cookie: 'viewer=alice; sessionid=tab-4' })).status, 403, 'only the configured cookie is the session')
})

t.test('explain takes the subrequest headers, in any case', async t => {
  const { app } = await buildTestApp(t, withAdapter())
  const allowed = await app.explain('nginx-auth-request', { 'X-Original-URI': '/live/stream/index.m3u8?token=x', 'X-Real-IP': '198.51.100.7', 'X-Forwarded-For': '198.51.100.7', Cookie: 'sessionid=s1' })
  t.match(allowed, { decision: { outcome: 'allow', rule: 'viewers' }, request: { protocol: 'HLS', sessionId: 's1', url: { app: 'live' } } })
  t.notOk(allowed.request !== undefined && 'cookies' in allowed.request, 'cookies are not shown')
  t.match(await app.explain('nginx-auth-request', { 'X-Real-IP': '198.51.100.7' }), { decision: { outcome: 'deny', rule: 'adapter', reason: 'no-original-uri' } })
  for (const message of [null, 'x', [VIEWER], { ...VIEWER, 'x-real-ip': 7 }]) {
    t.match(await app.explain('nginx-auth-request', message), { decision: { outcome: 'deny', reason: 'invalid-message' } }, JSON.stringify(message))
  }
})
