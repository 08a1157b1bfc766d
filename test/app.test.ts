import { once } from 'node:events'
import { type AddressInfo, connect, type Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { resolveConfig } from '../src/config/load.js'
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

/** A raw TCP connection to a listening app, and a latch for its end. */
async function rawConnection (app: FastifyInstance): Promise<{ socket: Socket, received: () => string, closed: Promise<'closed' | 'still open'> }> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
  socket.on('error', () => { /* a reset is a close too */ })
  await once(socket, 'connect')
  // a bound far above every timeout here, so a connection left open fails the test instead of hanging it
  const closed = new Promise<'closed' | 'still open'>(resolve => {
    const guard = setTimeout(() => { resolve('still open'); socket.destroy() }, 20_000)
    socket.once('close', () => { clearTimeout(guard); resolve('closed') })
  })
  return { socket, received: () => received, closed }
}

const timeouts = (server: object) => ({ ...(oneChain([], { default: 'allow' }) as object), server: { port: 0, ...server } })

t.test('connection timeouts have safe defaults', async t => {
  const { app } = await buildTestApp(t, oneChain([]))
  t.match(app.initialConfig, { connectionTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 72_000 })
})

t.test('a connection that never sends a byte is closed after connectionTimeout', async t => {
  const { app } = await buildTestApp(t, timeouts({ connectionTimeout: 200, requestTimeout: 60_000 }))
  const { closed } = await rawConnection(app)
  t.equal(await closed, 'closed')
})

t.test('a request sent too slowly is answered 408 and closed after requestTimeout', async t => {
  const { app } = await buildTestApp(t, timeouts({ connectionTimeout: 60_000, requestTimeout: 300 }))
  const { socket, received, closed } = await rawConnection(app)
  // one byte of the head at a time, each well within connectionTimeout: only requestTimeout can end it
  const head = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${'y'.repeat(500)}`
  let sent = 0
  const drip = setInterval(() => { if (sent < head.length && !socket.destroyed) socket.write(head[sent++]!) }, 20)
  t.teardown(() => { clearInterval(drip) })
  t.equal(await closed, 'closed')
  t.match(received(), /^HTTP\/1\.1 408 /)
  t.ok(sent < head.length, 'cut before the head was complete')
})

t.test('an idle keep-alive connection is closed after keepAliveTimeout', async t => {
  const { app } = await buildTestApp(t, timeouts({ connectionTimeout: 60_000, requestTimeout: 60_000, keepAliveTimeout: 200 }))
  const { socket, received, closed } = await rawConnection(app)
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
  t.equal(await closed, 'closed')
  t.match(received(), /^HTTP\/1\.1 200 [^]*keep-alive/i, 'it was kept alive after the answer')
})

t.test('timeouts out of range are refused', async t => {
  for (const server of [{ connectionTimeout: 0 }, { requestTimeout: 0 }, { keepAliveTimeout: -1 }, { connectionTimeout: 'forever' }]) {
    t.throws(() => resolveConfig(timeouts(server), {}), { code: 'SG_CONFIG_INVALID' }, JSON.stringify(server))
  }
})
