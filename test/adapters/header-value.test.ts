import t from 'tap'
import { headerValue, isHeaderSafe } from '../../src/adapters/header-value.js'
import { allow, deny, defineRule } from '../../src/index.js'
import { buildTestApp } from '../helpers.js'

t.test('headerValue leaves a sendable value alone and percent-encodes any other, never throwing', async t => {
  t.equal(headerValue('ip-range:ip-denied'), 'ip-range:ip-denied')
  t.equal(headerValue('office net:allowed'), 'office net:allowed', 'spaces can be sent')
  t.equal(headerValue('Büro-Netz ✓:allowed'), 'B%C3%BCro-Netz %E2%9C%93:allowed', 'only what cannot be sent is encoded')
  t.equal(headerValue('a\r\nSet-Cookie: x=1'), 'a%0D%0ASet-Cookie: x=1', 'a line break cannot start a header')
  t.equal(headerValue('lone \ud800'), 'lone %EF%BF%BD', 'a lone surrogate is U+FFFD, not a URIError')
  for (const value of ['Büro', '\u0000', '\u2028', 'x\ud800y']) t.ok(isHeaderSafe(headerValue(value)), JSON.stringify(value).replace(/[^\x20-\x7e]/g, '?'))
})

/** Allows plays of `open`, denies the rest: under a name an operator chose, which the reason headers carry. */
const gate = defineRule<Record<string, never>>({
  id: 'gate',
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: request => request.url.stream === 'open' ? allow('allowed') : deny('denied') }),
  reasons: ['allowed', 'denied']
})
const NAME = 'Büro-Netz ✓'
const ENCODED = 'B%C3%BCro-Netz %E2%9C%93'

t.test('a rule named in any script is sent in reason headers percent-encoded, and the answer is the rule\'s', async t => {
  const { app, logs } = await buildTestApp(t, {
    adapters: {
      nimble: { enabled: true, reasonHeader: true },
      nginx: { enabled: true, reasonHeader: true },
      icecast: { enabled: true, hookAuth: { secret: 'icecast-hook-secret-for-this-test' } }
    },
    policies: [{ name: 'office', rules: [{ rule: 'gate', name: NAME }], default: 'deny' }]
  }, { rules: [gate] })
  const nimble = async (stream: string) => await app.inject({ method: 'POST', url: '/nimble/auth', payload: { url: `/live/${stream}/playlist.m3u8`, ip: '198.51.100.7', host: 'tv.example.com' } })
  const nginx = async (stream: string) => await app.inject({ method: 'GET', url: '/nginx/auth', headers: { 'x-original-uri': `/live/${stream}/index.m3u8`, 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7' } })
  const icecast = async (stream: string) => await app.inject({
    method: 'POST',
    url: '/icecast/auth?secret=icecast-hook-secret-for-this-test',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `action=listener_add&server=icecast.example.org&port=8000&client=1&mount=/live/${stream}&user=&pass=&ip=198.51.100.7&agent=Player`
  })

  const allowed = await nimble('open')
  t.same([allowed.statusCode, allowed.json(), allowed.headers['x-streamgate-reason']], [200, { return_code: 200 }, `${ENCODED}:allowed`], 'Nimble: allowed')
  const denied = await nimble('shut')
  t.same([denied.statusCode, denied.json(), denied.headers['x-streamgate-reason']], [403, { return_code: 403 }, `${ENCODED}:denied`], 'Nimble: denied')
  t.same([(await nginx('open')).statusCode, (await nginx('open')).headers['x-streamgate-reason']], [204, `${ENCODED}:allowed`], 'nginx: allowed')
  t.same([(await nginx('shut')).statusCode, (await nginx('shut')).headers['x-streamgate-reason']], [403, `${ENCODED}:denied`], 'nginx: denied')
  const refused = await icecast('shut')
  t.same([refused.statusCode, refused.headers['icecast-auth-message']], [403, `${ENCODED}:denied`], 'Icecast: refused, the reason in icecast-auth-message')
  t.equal((await icecast('open')).statusCode, 200, 'Icecast: admitted')

  const decisions = logs.lines.filter(l => l.msg === 'decision')
  t.equal(decisions.length, 8, 'one decision line per answer')
  t.ok(decisions.every(d => d.rule === NAME), 'each by the rule, under its name as configured: none by the adapter')
})
