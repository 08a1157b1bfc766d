import t from 'tap'
import { adminToken, controlApp } from './helpers.js'

t.test('get creates a room key once, reset issues a new one, delete removes the room: LiveGo shapes', async t => {
  const { app, logs } = await controlApp(t)
  const jwt = await adminToken()
  const get = async (path: string) => {
    const res = await app.inject({ url: path, headers: { authorization: `Bearer ${jwt}` } })
    return { status: res.statusCode, body: res.json<{ status: number, data: string }>() }
  }
  const created = await get('/control/get?room=movie')
  t.equal(created.status, 200)
  t.same(Object.keys(created.body), ['status', 'data'])
  t.equal(created.body.status, 200)
  t.match(created.body.data, /^[A-Za-z0-9_-]{43}$/)
  t.equal((await app.streamKeys.check(created.body.data)).status, 'valid')

  const again = await get('/control/get?room=movie')
  t.same([again.status, again.body.status], [409, 409], 'a key stored hashed cannot be shown again')
  t.match(again.body.data, '/control/reset?room=movie')

  const reset = await get('/control/reset?room=movie')
  t.same([reset.status, reset.body.status], [200, 200])
  t.not(reset.body.data, created.body.data)
  t.equal((await app.streamKeys.check(created.body.data)).status, 'unknown')
  t.equal((await app.streamKeys.check(reset.body.data)).status, 'valid')
  t.equal((await get('/control/reset?room=newroom')).status, 200, 'reset creates a room, as LiveGo does')

  t.same(await get('/control/delete?room=movie'), { status: 200, body: { status: 200, data: 'Ok' } })
  t.same(await get('/control/delete?room=movie'), { status: 404, body: { status: 404, data: 'room not found' } })
  t.equal((await app.streamKeys.check(reset.body.data)).status, 'unknown')

  for (const op of ['get', 'reset', 'delete']) {
    t.same(await get(`/control/${op}`), { status: 400, body: { status: 400, data: `url: /control/${op}?room=<ROOM_NAME>` } }, `${op} without room`)
    t.same(await get(`/control/${op}?room=`), { status: 400, body: { status: 400, data: `url: /control/${op}?room=<ROOM_NAME>` } })
  }
  const bad = await get('/control/get?room=a%20b')
  t.same([bad.status, bad.body.status], [400, 400])
  t.match(bad.body.data, /Invalid stream name/)

  t.notOk(logs.text().includes(created.body.data) || logs.text().includes(reset.body.data), 'keys are not logged')
  t.ok(logs.lines.some(l => l.msg === 'stream changed' && l.change === 'rotated' && l.subject === 'ops'), 'changes are audited')
})

t.test('the token may come in ?jwt= as LiveGo allows; without a valid one: 401 in the LiveGo shape', async t => {
  const { app, logs } = await controlApp(t)
  const jwt = await adminToken()
  const viaQuery = await app.inject({ url: `/control/get?room=movie&jwt=${jwt}` })
  t.equal(viaQuery.statusCode, 200)
  for (const [what, url, headers] of [
    ['no token', '/control/get?room=a', {}],
    ['wrong audience', `/control/get?room=a&jwt=${await adminToken({ aud: 'other' })}`, {}],
    ['expired', '/control/reset?room=movie', { authorization: `Bearer ${await adminToken({}, Math.floor(Date.now() / 1000) - 3600)}` }]
  ] as const) {
    const res = await app.inject({ url, headers })
    t.equal(res.statusCode, 401, what)
    t.same(Object.keys(res.json()), ['status', 'data'])
    t.equal(res.json<{ status: number }>().status, 401)
  }
  t.equal((await app.streamKeys.info('a')), undefined, 'nothing was created')
  t.notOk(logs.text().includes(jwt))
})

t.test('a failing store is a 503 in the LiveGo shape', async t => {
  const { app } = await controlApp(t, { type: 'redis', url: 'redis://127.0.0.1:1', commandTimeout: 20 })
  const res = await app.inject({ url: '/control/get?room=movie', headers: { authorization: `Bearer ${await adminToken()}` } })
  t.same([res.statusCode, res.json()], [503, { status: 503, data: 'store unavailable' }])
})
