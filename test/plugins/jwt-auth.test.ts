import Fastify, { type FastifyInstance } from 'fastify'
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import t, { type Test } from 'tap'
import { resolveConfig } from '../../src/config/load.js'
import type { JwtAuthConfig } from '../../src/generated/jwt-auth.js'
import jwtAuthPlugin from '../../src/plugins/jwt-auth.js'
import { buildTestApp, oneChain } from '../helpers.js'

const SECRET = 'a-secret-of-at-least-32-characters!!'
const hmac = new TextEncoder().encode(SECRET)

async function guarded (t: Test, config: Partial<JwtAuthConfig>): Promise<FastifyInstance> {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(jwtAuthPlugin, { clockToleranceSeconds: 0, requireExpiry: true, algorithm: 'HS256', ...config })
  app.get('/admin', { onRequest: app.requireJwt }, async request => ({ sub: request.jwt?.sub }))
  return app
}

const token = (alg = 'HS256', claims: Record<string, unknown> = {}, exp: string | number = '5m') =>
  new SignJWT({ sub: 'ops', ...claims }).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime(exp)

async function call (app: FastifyInstance, jwt?: string, how: 'header' | 'query' = 'header') {
  const res = await app.inject({
    url: how === 'query' && jwt !== undefined ? `/admin?jwt=${jwt}` : '/admin',
    headers: how === 'header' && jwt !== undefined ? { authorization: `Bearer ${jwt}` } : {}
  })
  return { status: res.statusCode, body: res.json<{ sub?: string, code?: string, message?: string }>() }
}

t.test('HS256: a valid token from the header or ?jwt= passes and its claims are on the request', async t => {
  const app = await guarded(t, { secret: SECRET })
  const jwt = await token().sign(hmac)
  t.same(await call(app, jwt), { status: 200, body: { sub: 'ops' } })
  t.same(await call(app, jwt, 'query'), { status: 200, body: { sub: 'ops' } })
})

t.test('refused with 401: none, wrong algorithm, expired, no exp, wrong audience or issuer, garbage', async t => {
  const app = await guarded(t, { secret: SECRET, audience: 'streamgate', issuer: 'https://auth.example.com' })
  const good = (claims: Record<string, unknown> = {}) => token('HS256', { aud: 'streamgate', iss: 'https://auth.example.com', ...claims })
  t.equal((await call(app, await good().sign(hmac))).status, 200)
  const cases: Array<[string, string | undefined, string?]> = [
    ['no token', undefined],
    ['alg none', new UnsecuredJWT({ sub: 'ops', aud: 'streamgate', iss: 'https://auth.example.com' }).setExpirationTime('5m').encode(), 'ERR_JOSE_ALG_NOT_ALLOWED'],
    ['HS384 while HS256 is pinned', await token('HS384', { aud: 'streamgate', iss: 'https://auth.example.com' }).sign(hmac), 'ERR_JOSE_ALG_NOT_ALLOWED'],
    ['expired', await good().setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(hmac), 'ERR_JWT_EXPIRED'],
    ['no exp', await new SignJWT({ aud: 'streamgate', iss: 'https://auth.example.com' }).setProtectedHeader({ alg: 'HS256' }).sign(hmac), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['wrong audience', await good({ aud: 'someone-else' }).sign(hmac), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['wrong issuer', await good({ iss: 'https://evil.example.com' }).sign(hmac), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['wrong secret', await good().sign(new TextEncoder().encode('another-secret-of-32-characters!!!!')), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    ['not before in the future', await good().setNotBefore('1h').sign(hmac), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['garbage', 'not.a.jwt', 'ERR_JWS_INVALID']
  ]
  for (const [what, jwt, code] of cases) {
    const res = await call(app, jwt)
    t.equal(res.status, 401, what)
    t.equal(res.body.code, 'SG_JWT_INVALID', what)
    if (code !== undefined) t.match(res.body.message, code, what)
  }
  for (const header of ['Basic b3BzOnB3', 'Bearer', 'Bearer a b', `bearer ${await good().sign(hmac)}x`]) {
    const res = await app.inject({ url: '/admin', headers: { authorization: header } })
    t.equal(res.statusCode, 401, header)
  }
  const res = await app.inject({ url: `/admin?jwt=${await good().sign(hmac)}`, headers: { authorization: 'Basic x' } })
  t.equal(res.statusCode, 401, 'an Authorization header that is not Bearer is not bypassed by ?jwt=')
})

t.test('clock tolerance and requireExpiry are honoured', async t => {
  const tolerant = await guarded(t, { secret: SECRET, clockToleranceSeconds: 60 })
  t.equal((await call(tolerant, await token('HS256', {}, Math.floor(Date.now() / 1000) - 10).sign(hmac))).status, 200)
  const lax = await guarded(t, { secret: SECRET, requireExpiry: false })
  t.equal((await call(lax, await new SignJWT({ sub: 'ops' }).setProtectedHeader({ alg: 'HS256' }).sign(hmac))).status, 200)
})

t.test('RS256 with a PEM public key; an HS256 token signed with the PEM text is refused (algorithm confusion)', async t => {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const pem = await exportSPKI(publicKey)
  const app = await guarded(t, { algorithm: 'RS256', publicKey: pem })
  t.equal((await call(app, await token('RS256').sign(privateKey))).status, 200)
  t.equal((await call(app, await token('HS256').sign(new TextEncoder().encode(pem)))).status, 401)
  const other = await generateKeyPair('RS256')
  t.equal((await call(app, await token('RS256').sign(other.privateKey))).status, 401, 'another key pair')
})

t.test('ES256 with an inline JWKS and with a JWKS URL', async t => {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const jwk = { ...await exportJWK(publicKey), kid: 'k1', alg: 'ES256' }
  const inline = await guarded(t, { algorithm: 'ES256', jwks: { keys: [jwk] }, audience: 'streamgate' })
  const jwt = await new SignJWT({ sub: 'ops', aud: 'streamgate' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey)
  t.equal((await call(inline, jwt)).status, 200)
  const forAnotherService = await new SignJWT({ sub: 'ops', aud: 'billing' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey)
  t.equal((await call(inline, forAnotherService)).status, 401, 'a token the same provider signed for another service')
  t.equal((await call(inline, await new SignJWT({ sub: 'ops' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign((await generateKeyPair('ES256')).privateKey))).status, 401)

  const jwksServer = Fastify()
  t.teardown(() => jwksServer.close())
  jwksServer.get('/jwks.json', async () => ({ keys: [jwk] }))
  const address = await jwksServer.listen({ port: 0, host: '127.0.0.1' })
  const remote = await guarded(t, { algorithm: 'ES256', jwksUrl: `${address}/jwks.json`, audience: 'streamgate' })
  t.equal((await call(remote, jwt)).status, 200)
  t.equal((await call(remote, await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'unknown' }).setExpirationTime('5m').sign(privateKey))).status, 401)
})

t.test('the config pins one algorithm with the matching kind of key, or the boot fails', async t => {
  const base = oneChain([]) as object
  const jwt = (j: object) => ({ ...base, controlApi: { enabled: true, jwt: j } })
  t.doesNotThrow(() => resolveConfig(jwt({ algorithm: 'HS512', secret: SECRET }), {}))
  t.doesNotThrow(() => resolveConfig(jwt({ algorithm: 'ES256', jwksUrl: 'https://a.example/jwks', audience: 'streamgate' }), {}))
  t.doesNotThrow(() => resolveConfig(jwt({ algorithm: 'ES256', jwksUrl: 'http://127.0.0.1:8081/jwks', audience: 'streamgate' }), {}), 'plain http on this host')
  for (const [what, config] of [
    ['HS256 without a secret', jwt({ algorithm: 'HS256' })],
    ['a short secret', jwt({ algorithm: 'HS256', secret: 'short' })],
    ['RS256 with a secret', jwt({ algorithm: 'RS256', secret: SECRET })],
    ['RS256 with no key', jwt({ algorithm: 'RS256' })],
    ['two kinds of keys', jwt({ algorithm: 'ES256', jwksUrl: 'https://a.example/jwks', jwks: { keys: [{}] }, audience: 'streamgate' })],
    ['a JWKS URL without an audience', jwt({ algorithm: 'ES256', jwksUrl: 'https://a.example/jwks' })],
    ['an inline JWKS without an audience', jwt({ algorithm: 'ES256', jwks: { keys: [{}] } })],
    ['alg none', jwt({ algorithm: 'none', secret: SECRET })],
    ['a JWKS fetched in clear from another host: anyone on the path could serve their own keys', jwt({ algorithm: 'ES256', jwksUrl: 'http://idp.example.com/jwks', audience: 'streamgate' })],
    ['a JWKS URL that only starts like loopback', jwt({ algorithm: 'ES256', jwksUrl: 'http://127.0.0.1.evil.example/jwks', audience: 'streamgate' })],
    ['control API without jwt', { ...base, controlApi: { enabled: true } }]
  ] as const) {
    t.throws(() => resolveConfig(config, {}), { code: 'SG_CONFIG_INVALID' }, what)
  }
  await t.rejects(buildTestApp(t, jwt({ algorithm: 'RS256', publicKey: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' })), { name: 'DataError' }, 'an unreadable PEM stops the boot')
})

t.test('tokens never reach the logs', async t => {
  const { app, logs } = await buildTestApp(t, { ...(oneChain([]) as object), log: { level: 'trace' }, controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: SECRET } } })
  const jwt = await token().sign(hmac)
  const expired = await token('HS256', {}, Math.floor(Date.now() / 1000) - 100).sign(hmac)
  for (const value of [jwt, expired]) {
    await app.inject({ url: `/v1/streams?jwt=${value}` })
    await app.inject({ url: '/v1/streams', headers: { authorization: `Bearer ${value}` } })
  }
  t.ok(logs.lines.length > 0)
  for (const value of [jwt, expired, SECRET]) t.notOk(logs.text().includes(value))
})
