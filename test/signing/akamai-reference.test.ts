import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { akamai, escapeEarly } from '../../src/signing/akamai.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

/** Tokens made by akamai/EdgeAuth-Token-Python; test/fixtures/signing/README.md says how. */
interface Fixture { key: string, cases: Array<{ name: string, kind: 'acl' | 'url', target: string | string[], args: Record<string, unknown>, token: string }> }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/signing/akamai-edgeauth-python.json', import.meta.url), 'utf8')) as Fixture

const optionsFor = (args: Record<string, unknown>, extra: Record<string, unknown> = {}) => ruleOptions({
  scheme: 'akamai',
  keys: [{ id: 'edge', secret: fixture.key, encoding: 'hex' }],
  akamai: { algorithm: args.algorithm ?? 'sha256', ...(args.salt === undefined ? {} : { salt: args.salt }) },
  ...extra
})
const NOW = 1700000100

/** A path each case's token is for: the URL itself, or one its first ACL entry covers. */
const pathOf = (target: string | string[]): string => [target].flat()[0]!.replace('*', 'x/index.m3u8')

t.test('every token the reference made verifies, as its README puts it in a URL (?__token__=<token>)', async t => {
  for (const c of fixture.cases) {
    const options = optionsFor(c.args)
    const ip = typeof c.args.ip === 'string' ? c.args.ip : '203.0.113.9'
    const request = accessRequest(`${pathOf(c.target)}?__token__=${c.token}`, ip)
    const expected = c.name === 'expired' ? { ok: false, reason: 'token-expired' } : { ok: true }
    t.match(akamai.verifier(options, keysOf(options)).verify(request, NOW), expected, c.name)
  }
})

t.test('the same tokens under hdnts, in a cookie (EdgeAuth cookie mode), and escaped once more by a browser', async t => {
  for (const c of fixture.cases.filter(c => c.name !== 'expired')) {
    const options = optionsFor(c.args)
    const verifier = akamai.verifier(options, keysOf(options))
    const ip = typeof c.args.ip === 'string' ? c.args.ip : '203.0.113.9'
    const path = pathOf(c.target)
    t.match(verifier.verify(accessRequest(`${path}?hdnts=${c.token}`, ip), NOW), { ok: true }, `hdnts: ${c.name}`)
    t.match(verifier.verify(accessRequest(path, ip, { cookies: { __token__: c.token } }), NOW), { ok: true }, `cookie: ${c.name}`)
    t.match(verifier.verify(accessRequest(`${path}?__token__=${encodeURIComponent(c.token)}`, ip), NOW), { ok: true }, `escaped: ${c.name}`)
  }
})

t.test('the reference tokens bind what they say: another path, address or key fails', async t => {
  for (const c of fixture.cases.filter(c => c.name !== 'expired')) {
    const options = optionsFor(c.args)
    const verifier = akamai.verifier(options, keysOf(options))
    const ip = typeof c.args.ip === 'string' ? c.args.ip : '203.0.113.9'
    const verdict = verifier.verify(accessRequest(`/other/stream/index.m3u8?__token__=${c.token}`, ip), NOW)
    t.same(verdict, { ok: false, reason: c.kind === 'url' ? 'token-bad-signature' : 'token-path-mismatch' }, `path: ${c.name}`)
    if (typeof c.args.ip === 'string') {
      t.same(verifier.verify(accessRequest(`${pathOf(c.target)}?__token__=${c.token}`, '2001:db8::2'), NOW), { ok: false, reason: 'token-ip-mismatch' }, `ip: ${c.name}`)
    }
    const otherKey = ruleOptions({ ...options, keys: [{ id: 'edge', secret: 'ab'.repeat(14), encoding: 'hex' }] })
    t.same(akamai.verifier(otherKey, keysOf(otherKey)).verify(accessRequest(`${pathOf(c.target)}?__token__=${c.token}`, ip), NOW),
      { ok: false, reason: 'token-bad-signature' }, `key: ${c.name}`)
  }
})

/** A port of EdgeAuth-Token-Python's _generate_token (0.3.2), written from its description for these tests. */
function referenceToken (key: string, p: { ip?: string, st?: number, exp: number, acl?: string, url?: string, id?: string, data?: string, salt?: string, algorithm?: string, escape?: boolean }): string {
  const esc = (text: string): string => p.escape === true ? escapeEarly(text) : text
  const token = [
    ...(p.ip === undefined ? [] : [`ip=${esc(p.ip)}`]),
    ...(p.st === undefined ? [] : [`st=${p.st}`]),
    `exp=${p.exp}`,
    ...(p.acl === undefined ? [] : [`acl=${p.acl}`]),
    ...(p.id === undefined ? [] : [`id=${esc(p.id)}`]),
    ...(p.data === undefined ? [] : [`data=${esc(p.data)}`])
  ]
  const source = [...token, ...(p.url === undefined ? [] : [`url=${esc(p.url)}`]), ...(p.salt === undefined ? [] : [`salt=${p.salt}`])]
  const hmac = createHmac(p.algorithm ?? 'sha256', Buffer.from(key, 'hex')).update(source.join('~')).digest('hex')
  return [...token, `hmac=${hmac}`].join('~')
}

t.test('the port reproduces the reference tokens byte for byte', async t => {
  const sample = fixture.cases.find(c => c.name === 'URL token, escape_early')!
  t.equal(referenceToken(fixture.key, { st: 1700000000, exp: 4102444800, url: '/live/stream/index.m3u8', escape: true }), sample.token)
  const data = fixture.cases.find(c => c.name === 'data with space and slash, escape_early')!
  t.equal(referenceToken(fixture.key, { st: 1700000000, exp: 4102444800, acl: '/live/*', data: 'a b/c', escape: true }), data.token)
  t.equal(escapeEarly("/a b!*'()~_.-é"), '%2fa+b%21%2a%27%28%29~_.-%c3%a9', 'quote_plus, escapes lower-cased')
})

t.test('streamgate signs what the reference port makes', async t => {
  for (const salt of [undefined, 'pepper']) {
    for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
      const options = optionsFor({ algorithm, salt })
      const key = keysOf(options)[0]!
      const signed = akamai.sign({ path: '/live/s/index.m3u8', scope: '/live/s/*', key, issuedAt: 1000, expires: 2000, ip: '198.51.100.7' }, options).hdnts
      t.equal(signed, referenceToken(fixture.key, { ip: '198.51.100.7', st: 1000, exp: 2000, acl: '/live/s/*', salt, algorithm }), `${algorithm} ${salt ?? ''}`)
    }
  }
})

t.test('a param name set in the options is the only one read', async t => {
  const options = optionsFor({}, { param: 'tok' })
  const good = referenceToken(fixture.key, { exp: 4102444800, acl: '/live/*' })
  const verifier = akamai.verifier(options, keysOf(options))
  t.match(verifier.verify(accessRequest(`/live/a?tok=${good}`), NOW), { ok: true })
  t.same(verifier.verify(accessRequest(`/live/a?__token__=${good}`), NOW), { ok: false, reason: 'token-missing' })
})

t.test('fields out of EdgeAuth order, repeated, or hidden in data are refused', async t => {
  const options = optionsFor({})
  const verifier = akamai.verifier(options, keysOf(options))
  const hmac = (text: string): string => createHmac('sha256', Buffer.from(fixture.key, 'hex')).update(text).digest('hex')
  for (const fields of ['exp=4102444800~ip=203.0.113.9~acl=/*', 'exp=4102444800~acl=/*~data=x~ip=203.0.113.9', 'acl=/*~exp=4102444800', 'exp=4102444800~acl=/*~acl=/live/*', 'ip=not-an-ip~exp=4102444800~acl=/*']) {
    t.same(verifier.verify(accessRequest(`/live/a?__token__=${fields}~hmac=${hmac(fields)}`, '203.0.113.9'), NOW), { ok: false, reason: 'token-malformed' }, fields)
  }
})

t.test('through the adapters: the reference\'s escape_early tokens in the query (Nimble) and in a cookie (nginx auth_request)', async t => {
  const rule = { rule: 'signed-token', options: { scheme: 'akamai', keys: [{ id: 'edge', secret: fixture.key, encoding: 'hex' }] } }
  const { app } = await buildTestApp(t, { ...(oneChain([rule], { default: 'deny' }) as object), adapters: { nginx: { enabled: true } } })
  const ipv6 = fixture.cases.find(c => c.name === 'IPv6 address, escape_early')!
  const urlToken = fixture.cases.find(c => c.name === 'URL token, escape_early')!
  t.equal((await nimble(app, nimbleBody({ url: `http://tv.example.com/live/a/index.m3u8?__token__=${ipv6.token}`, ip: '2001:db8::1' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ url: `http://tv.example.com/live/a/index.m3u8?__token__=${ipv6.token}`, ip: '2001:db8::2' }))).status, 403)
  const viaNginx = async (uri: string, cookie: string) => (await app.inject({
    method: 'GET',
    url: '/nginx/auth',
    headers: { 'x-original-uri': uri, 'x-original-method': 'GET', 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '203.0.113.9', host: 'tv.example.com', cookie }
  })).statusCode
  t.equal(await viaNginx('/live/stream/index.m3u8', `__token__=${urlToken.token}`), 204, 'cookie mode, URL token')
  t.equal(await viaNginx('/live/stream/other.m3u8', `__token__=${urlToken.token}`), 403, 'the URL token binds its path')
  t.equal(await viaNginx('/live/stream/index.m3u8', 'other=1'), 403, 'no token')
})

t.test('a parameter name sent escaped is still found', async t => {
  const options = optionsFor({})
  const good = referenceToken(fixture.key, { exp: 4102444800, acl: '/live/*' })
  t.match(akamai.verifier(options, keysOf(options)).verify(accessRequest(`/live/a?%5F%5Ftoken%5F%5F=${good}`), NOW), { ok: true })
})

t.test('through nginx-rtmp and SRS: every reference token as an RTMP client sends it, ?__token__=<token> unescaped', async t => {
  for (const c of fixture.cases) {
    const rule = { rule: 'signed-token', options: optionsFor(c.args) }
    const { app } = await buildTestApp(t, { ...(oneChain([rule], { default: 'deny' }) as object), adapters: { nginxRtmp: { enabled: true }, srs: { enabled: true } } })
    const [, streamApp, ...name] = pathOf(c.target).split('/')
    const expected = c.name === 'expired' ? 403 : 200
    for (const ip of typeof c.args.ip === 'string' ? [c.args.ip, '2001:db8::2'] : ['203.0.113.9']) {
      const status = ip === c.args.ip || c.args.ip === undefined ? expected : 403
      // as nginx-rtmp writes the form: its own fields escaped, then `&` and the client's arguments as the client wrote them
      const form = `${new URLSearchParams({ app: streamApp!, flashver: 'LNX 9,0,124,2', tcurl: `rtmp://tv.example.com/${streamApp!}`, addr: ip, clientid: '1', call: 'play', name: name.join('/') }).toString()}&__token__=${c.token}`
      const viaNginxRtmp = await app.inject({ method: 'POST', url: '/nginx-rtmp', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })
      t.equal(viaNginxRtmp.statusCode, status, `nginx-rtmp from ${ip}: ${c.name}`)
      const hook = { action: 'on_play', client_id: '1', ip, vhost: '__defaultVhost__', app: streamApp, stream: name.join('/'), tcUrl: `rtmp://tv.example.com/${streamApp!}`, param: `?__token__=${c.token}` }
      const viaSrs = await app.inject({ method: 'POST', url: '/srs/hooks', headers: { 'content-type': 'application/json' }, payload: hook })
      t.equal(viaSrs.statusCode, status, `SRS from ${ip}: ${c.name}`)
    }
  }
})
