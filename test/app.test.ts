import t from 'tap'
import { buildTestApp, nimbleBody, oneChain } from './helpers.js'

t.test('request heads up to server.maxHeaderSize are read (nginx forwards up to 32 KiB of viewer headers)', async t => {
  const { app } = await buildTestApp(t, { ...(oneChain([], { default: 'allow' }) as object), server: { port: 0, maxHeaderSize: 65536 } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const post = async (cookie: string) => (await fetch(`http://127.0.0.1:${port}/nimble/auth`, {
    method: 'POST', body: JSON.stringify(nimbleBody()), headers: { 'content-type': 'application/json', cookie }
  })).status
  t.equal(await post('c=' + 'x'.repeat(30_000)), 200, '30 KB of cookies')
  t.equal(await post('c=' + 'x'.repeat(70_000)), 431, 'beyond the limit Node refuses the head')
})

t.test('GET /healthz answers while the process runs', async t => {
  const { app } = await buildTestApp(t, oneChain([]))
  const res = await app.inject('/healthz')
  t.same([res.statusCode, res.json()], [200, { status: 'ok' }])
})
