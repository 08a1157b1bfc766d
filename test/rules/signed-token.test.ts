import t from 'tap'
import { defineRule } from '../../src/core/rule.js'
import { deny, type TraceEntry } from '../../src/core/decision.js'
import { parseStreamUrl } from '../../src/core/access-request.js'
import { signUrl } from '../../src/signing/sign-url.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const KEY = 'rule-test-key-0123456789abcdef!'
const OLD_KEY = 'rule-test-old-key-0123456789'
const keys = [{ id: 'k2', secret: KEY }, { id: 'k1', secret: OLD_KEY }]
const STREAM = '/live/stream/playlist.m3u8'
const IP = '198.51.100.7'

/** Reports the subject a previous rule established, as a pay-per-view rule would read it. */
const viewerEcho = defineRule<Record<string, never>>({
  id: 'viewer-echo',
  reasons: ['viewer-acct-42', 'viewer-none'],
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: (_request, ctx) => deny(`viewer-${ctx.subject ?? 'none'}`) })
})

const chain = (options: Record<string, unknown> = {}, policy: Record<string, unknown> = {}) =>
  oneChain([{ rule: 'signed-token', options: { keys, ...options } }], policy)

const play = (url: string, ip = IP) => nimbleBody({ url: `http://media.example.com${url}`, ip })
const reasons = (lines: Array<Record<string, unknown>>) => lines.filter(l => l.msg === 'decision').map(l => String(l.reason))

t.test('sign → verify: a signed URL plays, and the token never reaches the logs', async t => {
  const { app, logs } = await buildTestApp(t, chain())
  const url = signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, ip: IP, viewer: 'acct-1' })
  t.equal((await nimble(app, play(url))).status, 200)
  t.same(reasons(logs.lines), ['token-valid'])
  const token = new URL(url, 'http://x').searchParams.get('token')!
  t.notOk(logs.text().includes(token), 'token not logged')
  t.notOk(logs.text().includes(token.split('.')[1]!), 'MAC not logged')
  t.notOk(logs.text().includes(KEY), 'key not logged')
})

t.test('a valid token gives its viewer id as the subject for later rules; abstain lets them decide', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([
    { rule: 'signed-token', options: { keys, onValid: 'abstain' } },
    { rule: 'viewer-echo', options: {} }
  ]), { rules: [viewerEcho] })
  await nimble(app, play(signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, viewer: 'acct-42' })))
  await nimble(app, play(signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60 })))
  t.same(reasons(logs.lines), ['viewer-acct-42', 'viewer-none'])
})

t.test('a valid token lasts until it expires; the decision line shows it with the viewer', async t => {
  const { app, logs } = await buildTestApp(t, chain())
  t.equal((await nimble(app, play(signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 120, viewer: 'acct-7' })))).status, 200)
  const line = logs.lines.filter(l => l.msg === 'decision').at(-1)
  t.match(line, { reason: 'token-valid', subject: 'acct-7' })
  t.ok(Number(line?.lifetime) >= 119 && Number(line?.lifetime) <= 120, `about 120 s: ${String(line?.lifetime)}`)
})

t.test('every denial reason, each logged without the token', async t => {
  const { app, logs } = await buildTestApp(t, chain())
  const now = new Date()
  const cases: Array<[string, string, string?]> = [
    ['token-missing', STREAM],
    ['token-malformed', `${STREAM}?token=not-a-token`],
    ['token-bad-signature', signUrl({ stream: STREAM, key: 'some-other-key-0123456789', kid: 'k2', ttl: 60 })],
    ['token-expired', signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, now: new Date(now.getTime() - 3_600_000) })],
    ['token-ip-mismatch', signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, ip: IP }), '198.51.100.8'],
    ['token-path-mismatch', signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60 }).replace('/live/stream/', '/live/other/')],
    ['token-session-mismatch', signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, session: '999' })]
  ]
  for (const [reason, url, ip] of cases) {
    const res = await nimble(app, play(url, ip))
    t.equal(res.status, 403, reason)
  }
  t.same(reasons(logs.lines), cases.map(c => c[0]))
  for (const [, url] of cases) {
    const token = new URL(url, 'http://x').searchParams.get('token')
    if (token !== null) t.notOk(logs.text().includes(token))
  }
})

t.test('token-not-yet-valid, and the skew allowance as an option', async t => {
  const nimbleApp = await buildTestApp(t, chain({ scheme: 'nimble', keys: [{ id: 'panel', secret: 'defaultpassword' }], clockSkewSeconds: 60 }))
  const ahead = (ms: number) => signUrl({ scheme: 'nimble', stream: STREAM, key: 'defaultpassword', ttl: 600, now: new Date(Date.now() + ms) })
  t.equal((await nimble(nimbleApp.app, play(ahead(600_000)))).status, 403, 'signed by a clock ten minutes ahead')
  t.equal((await nimble(nimbleApp.app, play(ahead(30_000)))).status, 200, 'thirty seconds ahead is within the skew')
  t.same(reasons(nimbleApp.logs.lines), ['token-not-yet-valid', 'token-valid'])

  const expired = signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, now: new Date(Date.now() - 150_000) })
  const lenient = await buildTestApp(t, chain({ clockSkewSeconds: 120 }))
  t.equal((await nimble(lenient.app, play(expired))).status, 200, 'expired 90 s ago, within 120 s of skew')
  const strict = await buildTestApp(t, chain({ clockSkewSeconds: 0 }))
  t.equal((await nimble(strict.app, play(expired))).status, 403)
  t.same(reasons(strict.logs.lines), ['token-expired'])
})

t.test('key rotation: tokens of every configured kid verify; a dropped kid does not', async t => {
  const { app } = await buildTestApp(t, chain())
  t.equal((await nimble(app, play(signUrl({ stream: STREAM, key: OLD_KEY, kid: 'k1', ttl: 60 })))).status, 200)
  t.equal((await nimble(app, play(signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60 })))).status, 200)
  const rotated = await buildTestApp(t, oneChain([{ rule: 'signed-token', options: { keys: [keys[0]] } }]))
  t.equal((await nimble(rotated.app, play(signUrl({ stream: STREAM, key: OLD_KEY, kid: 'k1', ttl: 60 })))).status, 403)
})

t.test('outcomes are configurable: missing → redirect to a stub, invalid → abstain to the policy default', async t => {
  const { app, logs } = await buildTestApp(t, chain({ onMissing: { redirect: '/live/stub/playlist.m3u8' }, onInvalid: 'abstain' }, { default: 'allow' }))
  const missing = await nimble(app, play(STREAM))
  t.equal(missing.status, 302)
  t.equal(missing.body.redirect_location, 'http://media.example.com/live/stub/playlist.m3u8')
  t.equal((await nimble(app, play(`${STREAM}?token=x.y`))).status, 200, 'abstained, default allow')
  t.same(reasons(logs.lines), ['token-missing', 'all-abstained'])
})

t.test('compatible schemes through the same rule', async t => {
  const nimbleApp = await buildTestApp(t, chain({ scheme: 'nimble', keys: [{ id: 'panel', secret: 'defaultpassword' }] }))
  const wms = signUrl({ scheme: 'nimble', stream: STREAM, key: 'defaultpassword', ttl: 120, ip: IP, viewer: 'acct-5' })
  t.match(wms, /^\/live\/stream\/playlist\.m3u8\?wmsAuthSign=[A-Za-z0-9+/=]+$/, 'raw base64 as in Softvelum\'s samples')
  t.equal((await nimble(nimbleApp.app, play(wms))).status, 200)
  t.equal((await nimble(nimbleApp.app, play(wms, '198.51.100.8'))).status, 403)

  const nginxApp = await buildTestApp(t, chain({ scheme: 'nginx-secure-link', keys: [{ id: 'n', secret: 'secret' }] }))
  const link = signUrl({ scheme: 'nginx-secure-link', stream: STREAM, key: 'secret', ttl: 60, ip: IP })
  t.equal((await nimble(nginxApp.app, play(link))).status, 200)
  t.equal((await nimble(nginxApp.app, play(link.replace('playlist', 'playlisT')))).status, 403)

  const akamaiApp = await buildTestApp(t, chain({ scheme: 'akamai', keys: [{ id: 'a', secret: 'abcdef0123456789', encoding: 'hex' }] }))
  const edge = signUrl({ scheme: 'akamai', stream: STREAM, scope: '/live/stream/*', key: 'abcdef0123456789', keyEncoding: 'hex', ttl: 60 })
  t.equal((await nimble(akamaiApp.app, play(edge))).status, 200)
  t.equal((await nimble(akamaiApp.app, play(edge.replace('/live/stream/playlist', '/live/stream/chunk')))).status, 200, 'the ACL covers the stream')

  const wowzaApp = await buildTestApp(t, chain({ scheme: 'wowza', keys: [{ id: 'w', secret: 'wowza-secret' }] }))
  const wz = signUrl({ scheme: 'wowza', stream: STREAM, key: 'wowza-secret', ttl: 60 })
  t.equal((await nimble(wowzaApp.app, play(wz))).status, 200)
  for (const logs of [nimbleApp.logs, nginxApp.logs, akamaiApp.logs, wowzaApp.logs]) {
    t.notOk(/defaultpassword|"secret"|abcdef0123456789|wowza-secret|wmsAuthSign|hmac=|md5=/.test(logs.text()), 'no key or token in the logs')
  }
})

t.test('bad options stop the boot with their path, never naming a secret', async t => {
  await t.rejects(buildTestApp(t, chain({ keys: [{ id: 'k', secret: 'short' }] })), /keys: "k" is shorter than 16 bytes/)
  await t.rejects(buildTestApp(t, chain({ keys: [{ id: 'k', secret: 'zz', encoding: 'hex' }] })), /"k" is not an even-length hex string/)
  await t.rejects(buildTestApp(t, chain({ keys: [keys[0], keys[0]] })), /id "k2" is given twice/)
  await t.rejects(buildTestApp(t, chain({ keys: [] })), /options\/keys: must NOT have fewer than 1 items/)
  await t.rejects(buildTestApp(t, chain({ scheme: 'jwt' })), /options\/scheme: must be equal to one of the allowed values/)
  await t.rejects(buildTestApp(t, chain({ scheme: 'nginx-secure-link', nginx: { expression: '$uri' } })), /must contain \$secret/)
  const err = await buildTestApp(t, chain({ keys: [{ id: 'k', secret: 'short-secret' }] })).then(() => undefined, (e: unknown) => e as Error)
  t.ok(err)
  t.notOk(err?.message.includes('short-secret'), 'the error does not print the secret')
})

t.test('a signed playback URL never decides a publish: the rule abstains, whatever the token', async t => {
  const { app } = await buildTestApp(t, chain({}, { default: 'deny' }))
  const url = signUrl({ stream: STREAM, key: KEY, kid: 'k2', ttl: 60, ip: IP, viewer: 'acct-1' })
  const request = (action: 'play' | 'publish') => ({
    action, protocol: 'RTMP', host: 'media.example.com', ip: IP, userAgent: '', referer: '', sessionId: '', raw: {},
    url: parseStreamUrl(`http://media.example.com${url}`, { host: '', rules: 'strict', bytes: 'utf8' })
  })
  t.match(await app.authorize(request('play'), { adapter: 'test', log: app.log }), { outcome: 'allow', reason: 'token-valid' }, 'the same URL plays')
  const trace: TraceEntry[] = []
  t.match(await app.authorize(request('publish'), { adapter: 'test', log: app.log, dryRun: true, trace }), { outcome: 'deny', rule: 'default' })
  t.match(trace, [{ rule: 'signed-token', outcome: 'abstain', reason: 'not-a-play' }])
})
