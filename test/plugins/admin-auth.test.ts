import { SignJWT } from 'jose'
import t from 'tap'
import { buildTestApp, nimbleBody, oneChain } from '../helpers.js'

const TOKEN = 'admin-token-0123456789'
const JWT_SECRET = 'jwt-secret-0123456789-0123456789'
const jwt = async (secret = JWT_SECRET) => await new SignJWT({ sub: 'ops' })
  .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret))

const explain = async (app: Awaited<ReturnType<typeof buildTestApp>>['app'], authorization?: string) => await app.inject({
  method: 'POST',
  url: '/v1/explain',
  payload: { adapter: 'nimble', message: nimbleBody({ ip: '203.0.113.5' }) },
  headers: authorization === undefined ? {} : { authorization }
})

const base = oneChain([{ rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }], { default: 'allow' }) as object

t.test('explain over HTTP needs the admin token', async t => {
  const { app, logs } = await buildTestApp(t, { ...base, admin: { enabled: true, token: TOKEN } })
  t.equal((await explain(app)).statusCode, 401)
  t.equal((await explain(app, 'Bearer wrong-token-0123456789')).statusCode, 401)
  t.equal((await explain(app, `Bearer ${await jwt()}`)).statusCode, 401, 'a JWT is no use while no JWT is configured')
  const res = await explain(app, `Bearer ${TOKEN}`)
  t.equal(res.statusCode, 200)
  t.match(res.json(), { adapter: 'nimble', decision: { outcome: 'deny', rule: 'ip-range', reason: 'ip-denied' }, trace: [{ rule: 'ip-range' }] })
  t.notMatch(logs.text(), TOKEN, 'the token is never logged')
  const unknown = await app.inject({ method: 'POST', url: '/v1/explain', payload: { adapter: 'pigeon', message: {} }, headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(unknown.statusCode, 400)
  const invalid = await app.inject({ method: 'POST', url: '/v1/explain', payload: { message: {} }, headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(invalid.statusCode, 400)
})

t.test('with the control API\'s JWT configured, admin routes take a valid JWT as well as the token', async t => {
  const { app, logs } = await buildTestApp(t, {
    ...base,
    admin: { enabled: true, token: TOKEN },
    controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: JWT_SECRET } }
  })
  const token = await jwt()
  t.equal((await explain(app, `Bearer ${token}`)).statusCode, 200, 'explain')
  t.equal((await explain(app, `Bearer ${TOKEN}`)).statusCode, 200, 'the static token still works')
  t.equal((await explain(app, `Bearer ${await jwt('another-secret-0123456789-012345')}`)).statusCode, 401, 'a JWT signed with another key')
  const admin = await app.inject({ url: '/admin/viewers/alice/balance', headers: { authorization: `Bearer ${token}` } })
  t.equal(admin.statusCode, 200, 'the admin API')
  t.equal((await app.inject({ url: '/admin/viewers/alice/balance' })).statusCode, 401)
  t.notMatch(logs.text(), token)
})

t.test('JWT alone (no admin token) protects explain', async t => {
  const { app } = await buildTestApp(t, { ...base, controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: JWT_SECRET } } })
  t.equal((await explain(app)).statusCode, 401)
  t.equal((await explain(app, `Bearer ${await jwt()}`)).statusCode, 200)
})
