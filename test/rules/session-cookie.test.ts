import { createHmac } from 'node:crypto'
import pino from 'pino'
import t, { type Test } from 'tap'
import type { SessionCookieOptions } from '../../src/generated/rules/session-cookie.js'
import sessionCookie from '../../src/rules/session-cookie.js'
import { compileOnce, configAjv } from '../../src/schemas.js'
import { MemoryStore } from '../../src/stores/memory.js'
import { buildTestApp, captureLogs, nimble, nimbleBody, oneChain } from '../helpers.js'
import { accessRequest } from '../signing/helpers.js'

const SECRET = 'hls-key-secret'
/** What nginx's set-misc computes: set_hmac_sha1 $sig $secret "$cookie_sessionid $stream"; set_encode_base64 $sig $sig; */
const sig = (cookie: string, stream: string, secret = SECRET, hash = 'sha1'): string =>
  createHmac(hash, secret).update(`${cookie} ${stream}`).digest('base64')

/** The rule as the policy builds it (options validated with defaults), evaluated on requests an nginx adapter would make. */
async function build (t: Test, options: Record<string, unknown> = {}) {
  const opts = structuredClone({ keys: [{ id: 'hls', secret: SECRET }], ...options })
  const validate = compileOnce(configAjv, sessionCookie.optionsSchema)
  if (!validate(opts)) throw new Error(JSON.stringify(validate.errors))
  const logs = captureLogs()
  const log = pino(logs.stream)
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const instance = await sessionCookie.create(opts as unknown as SessionCookieOptions, { log, baseDir: '.', store })
  const evaluate = async (url: string, cookies?: Record<string, string>) =>
    await instance.evaluate(accessRequest(url, '198.51.100.7', cookies === undefined ? {} : { cookies }), { dryRun: false, log })
  return { evaluate, logs }
}

const keyUrl = (signature: string, stream = 'stream') => `/keys/${stream}/1700000000.key?s=${encodeURIComponent(signature)}`

t.test('the signature of the viewer\'s own cookie and stream allows the key fetch', async t => {
  const { evaluate, logs } = await build(t)
  t.same(await evaluate(keyUrl(sig('abc123', 'stream')), { sessionid: 'abc123' }), { outcome: 'allow', reason: 'cookie-signature-valid' })
  t.same(await evaluate(`/keys/stream/1.key?s=${sig('abc123', 'stream')}`, { sessionid: 'abc123' }), { outcome: 'allow', reason: 'cookie-signature-valid' },
    'an unescaped + read back as a space still matches')
  t.same(await evaluate(keyUrl(sig('abc123', 'stream')), { sessionid: 'abc124' }), { outcome: 'deny', reason: 'cookie-signature-mismatch' }, 'someone else\'s cookie')
  t.same(await evaluate(keyUrl(sig('abc123', 'stream'), 'other'), { sessionid: 'abc123' }), { outcome: 'deny', reason: 'cookie-signature-mismatch' }, 'another stream')
  t.same(await evaluate(keyUrl(sig('abc123', 'stream', 'wrong')), { sessionid: 'abc123' }), { outcome: 'deny', reason: 'cookie-signature-mismatch' }, 'another secret')
  t.equal(logs.text(), '', 'the rule logs nothing, least of all cookies or signatures')
})

t.test('missing and malformed', async t => {
  const { evaluate } = await build(t)
  t.same(await evaluate(keyUrl(sig('a', 'stream'))), { outcome: 'deny', reason: 'cookie-missing' }, 'no cookies at all')
  t.same(await evaluate(keyUrl(sig('a', 'stream')), { other: 'a' }), { outcome: 'deny', reason: 'cookie-missing' })
  t.same(await evaluate('/keys/stream/1.key', { sessionid: 'a' }), { outcome: 'deny', reason: 'cookie-signature-missing' })
  t.same(await evaluate('/keys/stream/1.key?s=%25%25', { sessionid: 'a' }), { outcome: 'deny', reason: 'cookie-signature-malformed' })
})

t.test('a signature cannot be moved across the space between cookie and stream', async t => {
  const { evaluate } = await build(t)
  const forXY = sig('abc', 'x y')
  t.same(await evaluate(`/keys/y/1.key?s=${encodeURIComponent(forXY)}`, { sessionid: 'abc x' }), { outcome: 'deny', reason: 'cookie-signature-malformed' }, 'cookie "abc x" on stream y')
  t.same(await evaluate(`/keys/x%20y/1.key?s=${encodeURIComponent(forXY)}`, { sessionid: 'abc' }), { outcome: 'deny', reason: 'cookie-signature-malformed' }, 'no stream name holds a space either')
})

t.test('hash, cookie and parameter names and outcomes are configurable; keys rotate', async t => {
  const { evaluate } = await build(t, {
    keys: [{ id: 'new', secret: 'next-secret' }, { id: 'old', secret: SECRET }],
    hash: 'sha256', cookie: 'SID', param: 'sig', onValid: 'abstain', onMissing: { redirect: '/login' }
  })
  const url = (s: string) => `/keys/stream/1.key?sig=${encodeURIComponent(s)}`
  t.same(await evaluate(url(sig('x', 'stream', 'next-secret', 'sha256')), { SID: 'x' }), { outcome: 'abstain', reason: 'cookie-signature-valid' })
  t.same(await evaluate(url(sig('x', 'stream', SECRET, 'sha256')), { SID: 'x' }), { outcome: 'abstain', reason: 'cookie-signature-valid' }, 'old key')
  t.same(await evaluate(url(sig('x', 'stream', SECRET, 'sha1')), { SID: 'x' }), { outcome: 'deny', reason: 'cookie-signature-mismatch' }, 'sha1 no longer')
  t.same(await evaluate(url(sig('x', 'stream')), {}), { outcome: 'redirect', reason: 'cookie-missing', location: '/login' })
})

t.test('through Nimble, which sends no cookies: cookie-missing', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'session-cookie', options: { keys: [{ id: 'hls', secret: SECRET }] } }]))
  const res = await nimble(app, nimbleBody({ url: `http://media.example.com${keyUrl(sig('a', 'stream'))}` }))
  t.equal(res.status, 403)
  t.match(logs.lines.find(l => l.msg === 'decision'), { rule: 'session-cookie', reason: 'cookie-missing' })
  t.notOk(logs.text().includes(SECRET))
})
