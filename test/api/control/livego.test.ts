import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import t from 'tap'
import { packageRoot } from '../../../src/paths.js'
import { adminToken, controlApp, SECRET } from './helpers.js'

interface Case { what: string, method: string, url: string, form?: string, json?: object, auth?: string, status: number, data: string }
const fixture = JSON.parse(readFileSync(join(packageRoot, 'test/fixtures/livego/control-api.json'), 'utf8')) as { cases: Case[] }

/** The request a fixture case describes, with a valid token placed as its auth field says. */
function requestOf (c: Case, jwt: string): { method: string, url: string, headers: Record<string, string>, payload?: string } {
  const authorization: Record<string, string | undefined> = {
    bearer: `Bearer ${jwt}`, 'lower-bearer': `bearer ${jwt}`, 'three-fields': `Bearer ${jwt} extra`, basic: 'Basic dXNlcjpwYXNz', 'basic-and-query': 'Basic dXNlcjpwYXNz'
  }
  const url = ['query', 'basic-and-query'].includes(c.auth ?? '') ? `${c.url}&jwt=${jwt}` : c.url
  const headers: Record<string, string> = {}
  const header = authorization[c.auth ?? 'bearer']
  if (header !== undefined) headers.authorization = header
  if (c.form !== undefined) return { method: c.method, url, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: c.form }
  if (c.json !== undefined) return { method: c.method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(c.json) }
  return { method: c.method, url, headers }
}

t.test('every case read from LiveGo\'s api.go gets LiveGo\'s status, body and Content-Type', async t => {
  const { app, logs } = await controlApp(t)
  const jwt = await adminToken()
  const keys: string[] = []
  for (const c of fixture.cases) {
    const res = await app.inject(requestOf(c, jwt))
    t.equal(res.statusCode, c.status, `${c.what}: status`)
    t.match(res.headers['content-type'], /^application\/json(;|$)/, `${c.what}: content type`)
    const body = res.json<{ status: number, data: string }>()
    t.same(Object.keys(body), ['status', 'data'], c.what)
    t.equal(body.status, c.status, `${c.what}: status in the body`)
    if (c.data === '<key>') {
      t.equal((await app.streamKeys.check(body.data)).status, 'valid', `${c.what}: a working key`)
      keys.push(body.data)
    } else {
      t.equal(body.data, c.data, c.what)
    }
  }
  t.same((await app.streamKeys.list({ liveOnly: false })).map(s => s.name).sort(), ['film', 'lower', 'movie', 'viaquery'],
    'the rooms the cases leave: the refused ones changed nothing')
  for (const key of keys) t.notOk(logs.text().includes(key), 'keys are not logged')
  t.notOk(logs.text().includes(jwt), 'tokens are not logged')
  t.ok(logs.lines.some(l => l.msg === 'stream changed' && l.change === 'rotated' && l.subject === 'ops'), 'changes are audited')
})

t.test('a token that does not verify is 403 with the middleware\'s generic text, whatever is wrong with it', async t => {
  const { app, logs } = await controlApp(t)
  const hs512 = await new SignJWT({ sub: 'ops', aud: 'streamgate' }).setProtectedHeader({ alg: 'HS512' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))
  const forged = await new SignJWT({ sub: 'ops', aud: 'streamgate' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode('another-secret-of-32-characters-long'))
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"ops","aud":"streamgate"}').toString('base64url')}.`
  for (const [what, token] of [
    ['bad signature', forged], ['another algorithm', hs512], ['alg none', unsigned], ['not a JWT', 'abc'],
    ['expired', await adminToken({}, Math.floor(Date.now() / 1000) - 3600)], ['wrong audience', await adminToken({ aud: 'other' })]
  ] as const) {
    for (const request of [{ url: '/control/get?room=a', headers: { authorization: `Bearer ${token}` } }, { url: `/control/get?room=a&jwt=${token}` }]) {
      const res = await app.inject(request)
      t.same([res.statusCode, res.json()], [403, { status: 403, data: 'The token isn\'t valid' }], what)
    }
    t.notOk(logs.text().includes(token), `${what}: not logged`)
  }
  t.equal(await app.streamKeys.info('a'), undefined, 'nothing was created')
})

t.test('where LiveGo is unsafe or cannot be followed', async t => {
  const { app } = await controlApp(t)
  const authorization = `Bearer ${await adminToken()}`

  const options = await app.inject({ method: 'OPTIONS', url: '/control/get?room=open' })
  t.same([options.statusCode, options.json()], [403, { status: 403, data: 'Required authorization token not found' }], 'OPTIONS needs a token too')
  t.equal(await app.streamKeys.info('open'), undefined, 'and made no key')

  t.equal((await app.inject({ url: '/control/get?room=movie', headers: { authorization } })).statusCode, 200)
  const again = await app.inject({ method: 'POST', url: '/control/get?room=movie', headers: { authorization } })
  t.same([again.statusCode, again.json<{ status: number }>().status], [400, 400], 'a key stored hashed cannot be shown again')
  t.match(again.json<{ data: string }>().data, '/control/reset?room=movie')

  const bad = await app.inject({ url: '/control/get?room=a%20b', headers: { authorization } })
  t.same([bad.statusCode, bad.json<{ status: number }>().status], [400, 400])
  t.match(bad.json<{ data: string }>().data, /Invalid stream name/)
})

t.test('what reaches a handler otherwise: HEAD, repeated rooms, foreign and oversized bodies', async t => {
  const { app } = await controlApp(t)
  const authorization = `Bearer ${await adminToken()}`
  const head = await app.inject({ method: 'HEAD', url: '/control/reset?room=headroom', headers: { authorization } })
  t.same([head.statusCode, head.body], [200, ''], 'HEAD runs the operation, as Go serves it, without a body')
  t.not(await app.streamKeys.info('headroom'), undefined)

  const repeated = await app.inject({ url: '/control/delete?room=headroom&room=other', headers: { authorization } })
  t.same(repeated.json(), { status: 200, data: 'Ok' }, 'the first room counts')

  const octets = await app.inject({ method: 'POST', url: '/control/reset?room=bin', headers: { authorization, 'content-type': 'application/octet-stream' }, payload: Buffer.from([0, 1, 2, 255]) })
  t.equal(octets.statusCode, 200, 'a body that is no form is ignored')
  const brokenJson = await app.inject({ method: 'POST', url: '/control/delete?room=bin', headers: { authorization, 'content-type': 'application/json' }, payload: '{"room":' })
  t.same(brokenJson.json(), { status: 200, data: 'Ok' }, 'even unreadable JSON')

  const huge = await app.inject({ method: 'POST', url: '/control/get?room=big', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'room=big&pad=' + 'x'.repeat(1_100_000) })
  t.same([huge.statusCode, huge.json()], [400, { status: 400, data: 'url: /control/get?room=<ROOM_NAME>' }], 'a form over bodyLimit is an unreadable form')
  t.equal(await app.streamKeys.info('big'), undefined)
})

t.test('a failing store is a 400 "store unavailable", as LiveGo answers a store error, and is logged', async t => {
  const { app, logs } = await controlApp(t, { type: 'redis', url: 'redis://127.0.0.1:1', commandTimeout: 20 })
  const authorization = `Bearer ${await adminToken()}`
  for (const op of ['get', 'reset', 'delete']) {
    const res = await app.inject({ url: `/control/${op}?room=movie`, headers: { authorization } })
    t.same([res.statusCode, res.json()], [400, { status: 400, data: 'store unavailable' }], op)
  }
  t.ok(logs.lines.some(l => l.msg === 'control request failed'))
})
