import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { redisStoreConfig } from '../../redis-helpers.js'
import { adminToken, controlApp } from './helpers.js'

async function api (app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, jwt?: string) {
  const res = await app.inject({ method, url, headers: jwt === undefined ? {} : { authorization: `Bearer ${jwt}` } })
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json<Record<string, unknown>>() }
}

for (const [kind, store] of [['memory', () => ({ type: 'memory' })], ['redis', (t: Parameters<typeof redisStoreConfig>[0]) => redisStoreConfig(t, { commandTimeout: 1000 })]] as const) {
  t.test(`${kind}: create, rotate, revoke, ban, unban, delete, list`, async t => {
    const { app, logs } = await controlApp(t, store(t))
    const jwt = await adminToken()
    const created = await api(app, 'POST', '/v1/streams/benw', jwt)
    t.equal(created.status, 201)
    t.same(Object.keys(created.body ?? {}), ['name', 'key'])
    const key = created.body?.key as string
    t.match((await api(app, 'POST', '/v1/streams/benw', jwt)), { status: 409, body: { code: 'SG_STREAM_KEY_EXISTS' } })
    const rotated = await api(app, 'POST', '/v1/streams/benw/rotate', jwt)
    t.equal(rotated.status, 200)
    const newKey = rotated.body?.key as string
    t.not(newKey, key)
    t.same(await api(app, 'GET', '/v1/streams/benw', jwt), { status: 200, body: { name: 'benw', hasKey: true, banned: false, live: false } })

    t.equal((await api(app, 'POST', '/v1/streams/benw/ban', jwt)).status, 204)
    t.equal((await app.streamKeys.check(newKey)).status, 'banned')
    t.equal((await api(app, 'POST', '/v1/streams/benw/unban', jwt)).status, 204)
    t.equal((await app.streamKeys.check(newKey)).status, 'valid')
    t.equal((await api(app, 'POST', '/v1/streams/benw/revoke', jwt)).status, 204)
    t.equal((await app.streamKeys.check(newKey)).status, 'unknown')
    t.match(await api(app, 'GET', '/v1/streams/benw', jwt), { body: { hasKey: false } })

    const other = await api(app, 'POST', '/v1/streams/other', jwt)
    await app.streamKeys.goLive('other', (await app.streamKeys.check(other.body?.key as string) as { keyHash: string }).keyHash, '198.51.100.7')
    const all = await api(app, 'GET', '/v1/streams', jwt)
    t.same((all.body?.streams as Array<{ name: string }>).map(s => s.name), ['benw', 'other'])
    const live = await api(app, 'GET', '/v1/streams?live=true', jwt)
    t.match(live.body, { streams: [{ name: 'other', live: true, publisherIp: '198.51.100.7' }] })
    t.equal((live.body?.streams as unknown[]).length, 1)

    t.equal((await api(app, 'DELETE', '/v1/streams/benw', jwt)).status, 204)
    t.match(await api(app, 'DELETE', '/v1/streams/benw', jwt), { status: 404, body: { code: 'SG_STREAM_NOT_FOUND' } })
    for (const issued of [key, newKey, other.body?.key as string]) t.notOk(logs.text().includes(issued), 'keys are not logged')
    t.notOk(JSON.stringify(all.body).includes('keyHash'), 'neither are key hashes shown')
  })
}

t.test('unknown streams are 404, bad names and queries 400, no token 401', async t => {
  const { app } = await controlApp(t)
  const jwt = await adminToken()
  for (const path of ['/v1/streams/nope/rotate', '/v1/streams/nope/revoke', '/v1/streams/nope/ban', '/v1/streams/nope/unban']) {
    t.match(await api(app, 'POST', path, jwt), { status: 404, body: { code: 'SG_STREAM_NOT_FOUND' } }, path)
  }
  t.match(await api(app, 'GET', '/v1/streams/nope', jwt), { status: 404 })
  t.match(await api(app, 'POST', '/v1/streams/..%2Fetc', jwt), { status: 400 })
  t.match(await api(app, 'POST', '/v1/streams/-dash-first', jwt), { status: 400 })
  t.match(await api(app, 'POST', `/v1/streams/${'x'.repeat(200)}`, jwt), { status: 414 }, 'too long for the router')
  t.match(await api(app, 'GET', '/v1/streams?live=yes', jwt), { status: 400 })
  t.match(await api(app, 'POST', '/v1/streams/benw'), { status: 401, body: { code: 'SG_JWT_INVALID' } })
  t.match(await api(app, 'GET', '/v1/streams', await adminToken({ aud: 'else' })), { status: 401 })
  t.equal(await app.streamKeys.info('benw'), undefined)
})

t.test('the control API is off unless enabled', async t => {
  const { buildTestApp, oneChain } = await import('../../helpers.js')
  const { app } = await buildTestApp(t, oneChain([]))
  t.equal((await app.inject({ url: '/v1/streams' })).statusCode, 404)
  t.equal((await app.inject({ url: '/control/get?room=a' })).statusCode, 404)
})
