import { SignJWT } from 'jose'
import t from 'tap'
import { buildTestApp, oneChain } from '../../helpers.js'
import { TOKEN, call, consoleConfig, signIn } from './helpers.js'

const JWT_SECRET = 'jwt-secret-0123456789-0123456789'
const jwt = async (expiresIn = '5m') => await new SignJWT({ sub: 'ops-alice' })
  .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(JWT_SECRET))

t.test('the console is off by default: none of its paths exist', async t => {
  const { app } = await buildTestApp(t, { ...consoleConfig() as object, console: undefined })
  for (const url of ['/console', '/console/', '/console/sign-in.html', '/console/api/streams', '/console/api/decisions']) {
    t.equal((await app.inject({ url })).statusCode, 404, url)
  }
  t.equal((await app.inject({ method: 'POST', url: '/console/api/session', headers: { authorization: `Bearer ${TOKEN}`, 'x-streamgate-console': '1' } })).statusCode, 404)
})

t.test('turning it on without an admin token or JWT to sign in with stops the boot', async t => {
  await t.rejects(buildTestApp(t, { ...oneChain([]) as object, console: { enabled: true } }), /console: needs admin.token/)
})

t.test('without a session only the sign-in page loads', async t => {
  const { app } = await buildTestApp(t, consoleConfig())
  const root = await app.inject({ url: '/console/' })
  t.equal(root.statusCode, 302)
  t.equal(root.headers.location, '/console/sign-in.html')
  const signInPage = await app.inject({ url: '/console/sign-in.html' })
  t.equal(signInPage.statusCode, 200)
  const scripts = [...signInPage.body.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map(m => m[1])
  t.ok(scripts.length >= 2, 'the sign-in page has its script and style')
  for (const asset of scripts) t.equal((await app.inject({ url: `/console/${asset ?? ''}` })).statusCode, 200, `${asset ?? ''} is public`)
  t.match(signInPage.headers['content-security-policy'], /default-src 'self'/)

  const index = await app.inject({ url: '/console/index.html' })
  t.equal(index.statusCode, 401, 'the console page itself needs a session')
  const cookie = await signIn(app)
  const page = await app.inject({ url: '/console/', headers: { cookie } })
  t.equal(page.statusCode, 200)
  const appScript = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(page.body)?.[1]
  t.ok(appScript, 'the console page loads its bundle')
  t.equal((await app.inject({ url: `/console/${appScript ?? ''}` })).statusCode, 401, 'the console bundle needs a session')
  t.equal((await app.inject({ url: `/console/${appScript ?? ''}`, headers: { cookie } })).statusCode, 200)
  t.equal((await app.inject({ url: '/console/.vite/manifest.json', headers: { cookie } })).statusCode, 404, 'build files are not served')

  for (const [method, url] of [['GET', '/console/api/streams'], ['GET', '/console/api/counts'], ['GET', '/console/api/decisions'], ['GET', '/console/api/viewers/alice'], ['POST', '/console/api/explain'], ['POST', '/console/api/streams/studio/rotate'], ['DELETE', '/console/api/viewers/alice/sessions/1']] as const) {
    const res = await app.inject({ method, url, headers: { 'x-streamgate-console': '1' } })
    t.equal(res.statusCode, 401, `${method} ${url} without a session`)
    const forged = await app.inject({ method, url, headers: { 'x-streamgate-console': '1', cookie: 'streamgate_console=' + 'A'.repeat(43) } })
    t.equal(forged.statusCode, 401, `${method} ${url} with a made-up session id`)
  }
})

t.test('signing in takes the admin token and gives a session cookie, never the token', async t => {
  const { app, logs } = await buildTestApp(t, consoleConfig())
  const post = async (headers: Record<string, string>) => await app.inject({ method: 'POST', url: '/console/api/session', headers })
  t.equal((await post({ authorization: `Bearer ${TOKEN}` })).statusCode, 403, 'without the console header (a cross-site form)')
  t.equal((await post({ 'x-streamgate-console': '1' })).statusCode, 401)
  t.equal((await post({ authorization: 'Bearer wrong-token-0123456789', 'x-streamgate-console': '1' })).statusCode, 401)
  const res = await post({ authorization: `Bearer ${TOKEN}`, 'x-streamgate-console': '1' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { subject: 'admin-token' })
  const cookie = res.cookies.find(c => c.name === 'streamgate_console')
  t.match(cookie, { httpOnly: true, sameSite: 'Strict', path: '/console' })
  t.not(cookie?.value, TOKEN)
  t.notMatch(res.body, TOKEN)
  t.notMatch(logs.text(), TOKEN, 'the token is never logged')
  t.notMatch(logs.text(), cookie?.value ?? 'no cookie', 'nor the session id')
  t.ok(logs.lines.some(l => l.msg === 'console action' && l.action === 'sign-in' && l.subject === 'admin-token'), 'the sign-in is audited')
})

t.test('the cookie is Secure over HTTPS, and on every answer with secureCookie (HTTPS ended at a proxy)', async t => {
  const signInCookie = async (config: unknown, headers: Record<string, string> = {}) => {
    const { app } = await buildTestApp(t, config)
    const res = await app.inject({ method: 'POST', url: '/console/api/session', headers: { authorization: `Bearer ${TOKEN}`, 'x-streamgate-console': '1', ...headers } })
    return res.cookies.find(c => c.name === 'streamgate_console')
  }
  t.notOk((await signInCookie(consoleConfig()))?.secure, 'plain HTTP to streamgate, as a local console is served')
  t.notOk((await signInCookie(consoleConfig(), { 'x-forwarded-proto': 'https' }))?.secure, 'a client\'s X-Forwarded-Proto is not believed')
  const behindProxy = consoleConfig() as { console: object }
  t.equal((await signInCookie({ ...behindProxy, console: { ...behindProxy.console, secureCookie: true } }))?.secure, true)
})

t.test('signing out ends the session on the server, not only in the browser', async t => {
  const { app, logs } = await buildTestApp(t, consoleConfig())
  const cookie = await signIn(app)
  t.equal((await call(app, cookie, 'GET', '/console/api/streams')).statusCode, 200)
  t.equal((await call(app, cookie, 'DELETE', '/console/api/session')).statusCode, 204)
  t.equal((await call(app, cookie, 'GET', '/console/api/streams')).statusCode, 401, 'the old cookie is dead')
  t.ok(logs.lines.some(l => l.action === 'sign-out'))
})

t.test('a JWT valid for the control API signs in as its subject, for no longer than it is valid', async t => {
  const { app, logs } = await buildTestApp(t, consoleConfig({ admin: undefined, controlApi: { enabled: false, jwt: { algorithm: 'HS256', secret: JWT_SECRET } } }))
  const token = await jwt('90s')
  const res = await app.inject({ method: 'POST', url: '/console/api/session', headers: { authorization: `Bearer ${token}`, 'x-streamgate-console': '1' } })
  t.equal(res.statusCode, 200)
  const { subject, expiresAt } = res.json<{ subject: string, expiresAt: string }>()
  t.equal(subject, 'jwt:ops-alice', 'named as a JWT\'s subject: a sub of admin-token is not the admin token')
  t.ok(Date.parse(expiresAt) <= Date.now() + 90_000, 'the session ends when the JWT does, not after sessionMinutes')
  const cookie = res.cookies.find(c => c.name === 'streamgate_console')
  t.ok((cookie?.maxAge ?? Infinity) <= 90)
  t.notMatch(logs.text(), token)
  const bad = await app.inject({ method: 'POST', url: '/console/api/session', headers: { authorization: `Bearer ${token}x`, 'x-streamgate-console': '1' } })
  t.equal(bad.statusCode, 401)
  const noSub = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('90s').sign(new TextEncoder().encode(JWT_SECRET))
  const anonymous = await app.inject({ method: 'POST', url: '/console/api/session', headers: { authorization: `Bearer ${noSub}`, 'x-streamgate-console': '1' } })
  t.match(anonymous.json(), { subject: 'jwt-without-sub' }, 'a JWT without a subject is audited as one, never as the admin token')
  t.ok(logs.lines.some(l => l.msg === 'console action' && l.action === 'sign-in' && l.subject === 'jwt-without-sub'))
})

t.test('a signed-in page cannot be made to act by another site: changes need the console header', async t => {
  const { app } = await buildTestApp(t, consoleConfig())
  const cookie = await signIn(app)
  const res = await app.inject({ method: 'POST', url: '/console/api/streams/studio', headers: { cookie, 'content-type': 'text/plain' }, payload: 'x' })
  t.equal(res.statusCode, 403)
  t.equal((await call(app, cookie, 'GET', '/console/api/streams')).json<{ streams: unknown[] }>().streams.length, 0, 'nothing was created')
})
