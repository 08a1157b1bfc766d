import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildTestApp, oneChain, withKeys } from '../../helpers.js'

const PASSWORD = 'defaultpassword'
const VECTOR = Buffer.from('id=ID_1&sign=oyf/XTpK3G7BD8JjpVquTw==&ip=127.0.0.1').toString('base64')

/** Viewers meet an empty chain; publishers the publish policy, with these stream-key options. */
const build = async (t: Parameters<typeof buildTestApp>[0], streamKey: Record<string, unknown> = {}) => await buildTestApp(t, {
  ...(withKeys(oneChain([]), streamKey) as object),
  adapters: { nimblePublish: { enabled: true } }
})

async function batch (app: FastifyInstance, body: unknown, contentType = 'application/json') {
  const res = await app.inject({ method: 'POST', url: '/nimble/publish', payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': contentType } })
  return { status: res.statusCode, body: res.json<{ PublishAuthResponse: Array<{ seq: string, status: string }> }>() }
}

t.test('a mixed batch is answered item by item; bad items fail without failing the batch', async t => {
  const { app, logs } = await build(t)
  const benw = await app.streamKeys.create('benw')
  const banned = await app.streamKeys.create('banned')
  await app.streamKeys.setBanned('banned', true)
  const res = await batch(app, {
    PublishAuthRequest: [
      { seq: '1', id: benw, ip: '192.168.1.1', stream: 'publish/benw' },
      { seq: '2', id: 'not-a-key', ip: '192.168.1.2', stream: 'publish/benw' },
      { seq: '3', id: benw, ip: '192.168.1.1', stream: 'publish/other' },
      { seq: '4', id: banned, ip: '192.168.1.3', stream: 'publish/banned' },
      { seq: '5', ip: '192.168.1.1', stream: 'publish/benw' },
      { seq: '6', id: 42, stream: 'publish/benw' },
      { seq: 7, id: benw, ip: '192.168.1.1', stream: '/publish/benw' },
      'a string',
      { id: benw, stream: 'publish/benw' },
      { seq: '10', id: benw, ip: '192.168.1.1', stream: 'publish/benw', extra: { nested: true } }
    ]
  })
  t.equal(res.status, 200)
  t.same(res.body.PublishAuthResponse, [
    { seq: '1', status: 'success' },
    { seq: '2', status: 'fail' },
    { seq: '3', status: 'fail' },
    { seq: '4', status: 'fail' },
    { seq: '5', status: 'fail' },
    { seq: '6', status: 'fail' },
    { seq: '7', status: 'success' },
    { seq: '10', status: 'success' }
  ], 'items without a seq cannot be answered and are left out')
  const reasons = logs.lines.filter(l => l.msg === 'decision').map(l => l.reason)
  t.same(reasons.sort(), ['banned', 'invalid-item', 'invalid-item', 'unknown-key', 'valid-key', 'valid-key', 'valid-key', 'wrong-stream'])
  t.notOk(logs.text().includes(benw) || logs.text().includes(banned), 'no key in the logs')
})

t.test('with a signPassword, a verified publishsign needs no key and no stream created first; a banned stream is refused', async t => {
  const { app, logs } = await build(t, { signPassword: PASSWORD })
  const item = { id: 'ID_1', ip: '127.0.0.1', stream: 'live/stream', publishsign: VECTOR }
  const res = await batch(app, {
    PublishAuthRequest: [
      { seq: '1', ...item },
      { seq: '2', ...item, ip: '127.0.0.2' },
      { seq: '3', ...item, stream: 'live/other' }
    ]
  })
  t.same(res.body.PublishAuthResponse.map(a => a.status), ['success', 'fail', 'fail'])
  t.ok(logs.lines.some(l => l.msg === 'decision' && l.reason === 'valid-signature' && l.stream === 'stream'), 'the stream was never created')
  t.equal(await app.streamKeys.info('stream'), undefined, 'and publishing creates nothing')
  await app.streamKeys.create('stream')
  t.same((await batch(app, { PublishAuthRequest: [{ seq: '1', ...item }] })).body.PublishAuthResponse, [{ seq: '1', status: 'success' }], 'a stream with a key still takes a signature')
  await app.streamKeys.setBanned('stream', true)
  t.same((await batch(app, { PublishAuthRequest: [{ seq: '1', ...item }] })).body.PublishAuthResponse, [{ seq: '1', status: 'fail' }])
  const unsigned = await build(t)
  t.same((await batch(unsigned.app, { PublishAuthRequest: [{ seq: '1', ...item }] })).body.PublishAuthResponse, [{ seq: '1', status: 'fail' }], 'without a password a publishsign proves nothing')
})

t.test('guessing keys gets an address refused', async t => {
  const { app } = await build(t, { bruteForce: { maxFailures: 2, windowSeconds: 60 } })
  const key = await app.streamKeys.create('benw')
  const guesses = Array.from({ length: 2 }, (_, i) => ({ seq: String(i), id: `guess-${i}`, ip: '203.0.113.5', stream: 'live/benw' }))
  await batch(app, { PublishAuthRequest: guesses })
  const res = await batch(app, { PublishAuthRequest: [{ seq: 'a', id: key, ip: '203.0.113.5', stream: 'live/benw' }, { seq: 'b', id: key, ip: '203.0.113.6', stream: 'live/benw' }] })
  t.same(res.body.PublishAuthResponse, [{ seq: 'a', status: 'fail' }, { seq: 'b', status: 'success' }])
})

t.test('an unreadable batch is a 400 with an empty answer, never a 5xx, and leaves a decision line', async t => {
  const { app, logs } = await build(t)
  for (const [what, body] of [
    ['invalid JSON', '{"PublishAuthRequest": ['],
    ['no list', { PublishAuthRequest: 'x' }],
    ['wrong root', { PublishAuthResponse: [] }],
    ['an array', []],
    ['too many items', { PublishAuthRequest: Array(1001).fill({}) }]
  ] as const) {
    const res = await batch(app, body)
    t.same([res.status, res.body], [400, { PublishAuthResponse: [] }], what)
    t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { adapter: 'nimble-publish', outcome: 'deny', rule: 'adapter', reason: /^(bad-request|invalid-message)$/ }, `${what}: refused`)
  }
  t.same((await batch(app, { PublishAuthRequest: [] })).body, { PublishAuthResponse: [] }, 'an empty batch is fine')
  t.equal((await batch(app, JSON.stringify({ PublishAuthRequest: [] }), 'text/plain')).status, 200, 'any content type is read as JSON')
})

t.test('a failing store fails every item', async t => {
  const { app } = await buildTestApp(t, { ...(oneChain([]) as object), adapters: { nimblePublish: { enabled: true } }, store: { type: 'redis', url: 'redis://127.0.0.1:1', commandTimeout: 20 } })
  const res = await batch(app, { PublishAuthRequest: [{ seq: '1', id: 'k', ip: '10.0.0.1', stream: 'live/a' }] })
  t.same([res.status, res.body.PublishAuthResponse], [200, [{ seq: '1', status: 'fail' }]])
})

t.test('explain decides one item as a publish, without counting it and without showing the key', async t => {
  const { app, logs } = await build(t, { bruteForce: { maxFailures: 1, windowSeconds: 60 } })
  const key = await app.streamKeys.create('benw')
  for (const id of ['guess-1', 'guess-2']) {
    t.match(await app.explain('nimble-publish', { seq: '1', id, ip: '203.0.113.5', stream: 'live/benw' }), { decision: { outcome: 'deny', policy: 'publishers', rule: 'stream-key', reason: 'unknown-key' } })
  }
  const explained = await app.explain('nimble-publish', { seq: '1', id: key, ip: '203.0.113.5', stream: 'live/benw' })
  t.same(explained.decision, { outcome: 'allow', policy: 'publishers', rule: 'stream-key', reason: 'valid-key', subject: 'benw', stream: 'benw' }, 'the guesses were not counted')
  t.match(explained.request, { action: 'publish', protocol: 'UNKNOWN', ip: '203.0.113.5', url: { path: '/live/benw', app: 'live', stream: 'benw' } })
  t.notOk(JSON.stringify(explained).includes(key), 'no key in the answer')
  t.match(await app.explain('nimble-publish', { seq: '1', id: key, ip: 'nowhere', stream: 'live/benw' }), { decision: { rule: 'adapter', reason: 'bad-address' } })
  t.match(await app.explain('nimble-publish', { seq: '1', stream: 7 }), { decision: { rule: 'adapter', reason: 'invalid-item' } })
  t.equal(logs.lines.filter(l => l.msg === 'decision').length, 0, 'dry runs leave no decision lines')
})

t.test('a publishsign for a name no key could have (x/y, not a stream name) is refused: a stream is named only as keys are', async t => {
  const { app, logs } = await build(t, { signPassword: PASSWORD })
  const { createHash } = await import('node:crypto')
  const sign = (path: string) => Buffer.from(`id=ID_1&sign=${createHash('md5').update(`ID_1${path}${PASSWORD}`).digest('base64')}`).toString('base64')
  const item = (stream: string) => ({ seq: '1', id: 'no-key', ip: '198.51.100.7', stream, publishsign: sign(`/${stream}`) })
  t.same((await batch(app, { PublishAuthRequest: [item('live/x')] })).body.PublishAuthResponse, [{ seq: '1', status: 'success' }], 'the signature is right')
  t.same((await batch(app, { PublishAuthRequest: [item('live/x/y')] })).body.PublishAuthResponse, [{ seq: '1', status: 'fail' }])
  t.match(logs.lines.filter(l => l.msg === 'decision').at(-1), { rule: 'stream-key', reason: 'wrong-stream', subject: 'ID_1' })
  t.notOk(logs.lines.some(l => l.msg === 'rule failed; applying onError'), 'refused by the rule, not failed')
})
