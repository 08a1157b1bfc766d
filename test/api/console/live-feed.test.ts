import { request } from 'node:http'
import type { IncomingMessage } from 'node:http'
import t from 'tap'
import type { ConsoleFeedEvent } from '../../../src/generated/console/feed-event.js'
import { buildTestApp, nimble, nimbleBody } from '../../helpers.js'
import { call, consoleConfig, refusedViewer, signIn } from './helpers.js'

/** Opens the feed over real HTTP and hands each decision to `onDecision`, each event name to `onEvent`. */
async function openFeed (port: number, cookie: string, query: string, onDecision: (d: ConsoleFeedEvent['decisions'][number]) => void, onEvent: (name: string) => void = () => undefined): Promise<IncomingMessage> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/console/api/decisions?${query}`, headers: { cookie } }, res => {
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.+)$/m.exec(block)?.[1]
          if (event !== undefined) onEvent(event)
          const data = /^data: (.+)$/m.exec(block)?.[1]
          if (event === undefined && data !== undefined) for (const d of (JSON.parse(data) as ConsoleFeedEvent).decisions) onDecision(d)
        }
      })
      resolve(res)
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('the live feed streams decisions as they are made, filtered, with no secret in them', async t => {
  const { app } = await buildTestApp(t, consoleConfig())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const cookie = await signIn(app)

  await nimble(app, nimbleBody({ ip: '203.0.113.1' }))
  const seen: Array<ConsoleFeedEvent['decisions'][number]> = []
  let arrived: () => void = () => undefined
  const res = await openFeed(port, cookie, 'outcome=deny&ip=203.0.113.', d => { seen.push(d); arrived() })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/event-stream/)
  t.match(res.headers['content-security-policy'], /default-src 'self'/)

  const waitFor = async (count: number): Promise<void> => { while (seen.length < count) await new Promise<void>(resolve => { arrived = resolve }) }
  await waitFor(1)
  t.match(seen[0], { ip: '203.0.113.1', outcome: 'deny' }, 'it opens with the recent decisions')

  await nimble(app, nimbleBody({ ip: '198.51.100.7' }))
  await nimble(app, refusedViewer)
  await waitFor(2)
  t.match(seen[1], { adapter: 'nimble', app: 'live', stream: 'stream', ip: '203.0.113.9', outcome: 'deny', rule: 'ip-range', reason: 'ip-denied' })
  t.ok(typeof seen[1]?.at === 'number')
  t.notOk(seen.some(d => d.outcome === 'allow'), 'the allowed viewer is filtered out')
  res.destroy()
})

t.test('signing out ends an open feed; a feed without a session never opens', async t => {
  const { app } = await buildTestApp(t, consoleConfig())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  t.equal((await openFeed(port, 'streamgate_console=made-up', '', () => undefined)).statusCode, 401)

  const cookie = await signIn(app)
  let signedOut: () => void = () => undefined
  const ended = new Promise<void>(resolve => { signedOut = resolve })
  const res = await openFeed(port, cookie, '', () => undefined, name => { if (name === 'signed-out') signedOut() })
  t.equal(res.statusCode, 200)
  const closed = new Promise(resolve => res.on('end', resolve))
  await call(app, cookie, 'DELETE', '/console/api/session')
  await ended
  await closed
  t.pass('the stream ended with a signed-out event')
})

t.test('bad filters are refused; closing the app closes open feeds', async t => {
  const { app } = await buildTestApp(t, consoleConfig())
  const cookie = await signIn(app)
  t.equal((await call(app, cookie, 'GET', '/console/api/decisions?outcome=maybe')).statusCode, 400)
  t.equal((await call(app, cookie, 'GET', `/console/api/decisions?stream=${'x'.repeat(600)}`)).statusCode, 400)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const res = await openFeed(port, cookie, '', () => undefined)
  const ended = new Promise(resolve => res.on('end', resolve))
  await app.close()
  await ended
  t.pass('app.close() did not wait for the watcher')
})
