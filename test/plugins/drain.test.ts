import { once } from 'node:events'
import { Agent, request, type ServerResponse } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import t from 'tap'
import drainPlugin from '../../src/plugins/drain.js'

interface Answer { status: number, connection: string | undefined, body: string, closed: Promise<unknown> }

async function get (port: number, agent: Agent, path: string): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, res => {
      const socket = res.socket
      const closed = new Promise(resolve => { socket.once('close', resolve) })
      let body = ''
      res.on('data', (chunk: Buffer) => { body += chunk.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, closed }) })
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('closing: a request answered after close began, though routed before, is told to close its connection', async t => {
  const app = Fastify()
  await app.register(drainPlugin, { drainTimeout: 5000 })
  let entered!: (response: ServerResponse) => void
  const inHandler = new Promise<ServerResponse>(resolve => { entered = resolve })
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/slow', async (_request, reply) => {
    entered(reply.raw)
    await released
    return 'slow'
  })
  app.get('/fast', async () => 'fast')
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true, maxSockets: 2 })
  t.teardown(() => { agent.destroy() })

  const idle = await get(port, agent, '/fast')
  t.equal(idle.connection, 'keep-alive', 'before closing, connections are kept alive')
  const slow = get(port, agent, '/slow')
  const response = await inHandler
  // the handler goes on once the drain has told its answer to close (and not before: it would be routed as closing)
  const setHeader = response.setHeader.bind(response)
  response.setHeader = (name, value) => {
    if (name.toLowerCase() === 'connection') release()
    return setHeader(name, value)
  }
  // a drain that never marks the answer would hold the handler until tap's timeout: it fails here, ten seconds on
  const deadline = setTimeout(release, 10_000)
  const closed = app.close()
  const answer = await slow
  clearTimeout(deadline)
  // on failure the connection is kept alive: let it go rather than wait out its keep-alive timeout
  if (!t.same([answer.status, answer.body, answer.connection], [200, 'slow', 'close'], 'the request in flight is answered, with Connection: close')) agent.destroy()
  await answer.closed
  await closed
  t.pass('the server closed once the connections had')
})

/** A draining server answering `/`, and when its close begins: its preClose hook runs before the drain's, which waits for the connections. */
async function closingServer (): Promise<{ app: FastifyInstance, port: number, closeBegan: Promise<void> }> {
  const app = Fastify({ return503OnClosing: false })
  let closing!: () => void
  const closeBegan = new Promise<void>(resolve => { closing = resolve })
  app.addHook('preClose', async () => { closing() })
  await app.register(drainPlugin, { drainTimeout: 5000 })
  app.get('/', async () => 'answer')
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, port: (app.server.address() as AddressInfo).port, closeBegan }
}

t.test('closing: a request routed once close began is answered with Connection: close (by Fastify, which the drain counts on)', async t => {
  const { app, port, closeBegan } = await closingServer()
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => { agent.destroy() })
  t.equal((await get(port, agent, '/')).connection, 'keep-alive')
  const closed = app.close()
  await closeBegan
  const answer = await get(port, agent, '/')
  t.same([answer.status, answer.body, answer.connection], [200, 'answer', 'close'], 'the kept-alive connection gets its answer and is told to close')
  await answer.closed
  await closed
})

t.test('closing: pipelined requests in flight are all answered (the answer being written is not the connection\'s last)', async t => {
  const app = Fastify({ return503OnClosing: false })
  // before the drain's: the slow answer goes on once the drain has marked what it marks (in a later turn)
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.addHook('preClose', async () => { setImmediate(release) })
  await app.register(drainPlugin, { drainTimeout: 500 })
  let routed = 0
  let entered!: () => void
  const bothRouted = new Promise<void>(resolve => { entered = resolve })
  const route = (): void => { if (++routed === 2) entered() }
  app.get('/slow', async () => { route(); await released; return 'slow' })
  app.get('/fast', async () => { route(); return 'fast' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo

  const socket = connect({ host: '127.0.0.1', port })
  t.teardown(() => { socket.destroy() })
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  const closed = new Promise(resolve => socket.once('close', resolve))
  socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n')
  await bothRouted
  const closing = app.close()
  await closed
  await closing
  const text = Buffer.concat(chunks).toString('latin1')
  t.same([...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map(m => m[1]), ['200', '200'], 'both pipelined requests are answered')
  t.match(text, /slow.*fast$/s, 'in order')
})

/** The server's side of each connection, in the order they came. */
function serverSockets (app: FastifyInstance): Socket[] {
  const sockets: Socket[] = []
  app.server.on('connection', socket => { sockets.push(socket) })
  return sockets
}

async function keptAlive (port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  await once(socket, 'connect')
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await once(socket, 'data')
  return socket
}

t.test('a client that resets its connection during the drain ends its own connection, not the drain of the others', async t => {
  const { app, port, closeBegan } = await closingServer()
  const sockets = serverSockets(app)
  const [reset, other] = [await keptAlive(port), await keptAlive(port)]
  t.teardown(() => { other.destroy() })
  const closed = app.close()
  await closeBegan
  // 'close' only: the reset comes as an 'error' first, which once() would reject on
  const gone = new Promise(resolve => { (sockets[0] as Socket).once('close', resolve) })
  reset.resetAndDestroy()
  await gone
  let answer = ''
  other.on('data', (chunk: Buffer) => { answer += chunk.toString() })
  const answered = once(other, 'end')
  other.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await answered
  t.match(answer, /^HTTP\/1.1 200[^]*connection: close[^]*answer$/i, 'the other connection\'s next request is answered, then closed')
  await t.resolves(closed, 'and the close succeeds')
})

for (const part of ['headers', 'body'] as const) {
  t.test(`a client trickling its ${part} after the drain cannot hold the close open (Node stops its requestTimeout then)`, async t => {
    const app = Fastify({ requestTimeout: 60_000 })
    await app.register(drainPlugin, { drainTimeout: 100 })
    app.post('/', async () => 'answer')
    const sockets = serverSockets(app)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const client = connect(port, '127.0.0.1')
    client.on('error', () => {})
    await once(client, 'connect')
    client.write(part === 'headers' ? 'POST / HTTP/1.1\r\nHost: x\r\n' : 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nx')
    const trickle = setInterval(() => { client.write(part === 'headers' ? 'X-A: b\r\n' : 'x') }, 20)
    t.teardown(() => { clearInterval(trickle); client.destroy() })
    while (sockets.length === 0) await once(app.server, 'connection')
    // a close that waits for the client would hold on for as long as it trickles: tap's timeout would fail it
    await app.close()
    t.equal((sockets[0] as Socket).destroyed, true, 'its connection was closed')
  })
}

t.test('after the drain, a request answered behind one still in flight (pipelined) waits for both answers', async t => {
  const app = Fastify({ return503OnClosing: false })
  await app.register(drainPlugin, { drainTimeout: 0 })
  let entered!: () => void
  const inHandler = new Promise<void>(resolve => { entered = resolve })
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/slow', async () => { entered(); await released; return 'slow-answer' })
  app.get('/fast', async () => 'fast-answer')
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const client = connect(port, '127.0.0.1')
  client.on('error', () => {})
  t.teardown(() => { client.destroy() })
  let received = ''
  client.on('data', (chunk: Buffer) => { received += chunk.toString() })
  const clientClosed = new Promise(resolve => { client.once('close', resolve) })
  await once(client, 'connect')
  client.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n')
  await inHandler
  const closed = app.close()
  // the fast answer is written while the slow one is still owed
  await new Promise(resolve => setImmediate(resolve))
  release()
  await closed
  await clientClosed
  t.match(received, /slow-answer[^]*fast-answer/, 'both answers, in order, before the connection closed')
})
