import { execFileSync } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import t from 'tap'
import type { AccessRequest } from '../../../src/core/access-request.js'
import { abstain } from '../../../src/core/decision.js'
import { defineRule } from '../../../src/core/rule.js'
import { lifetimeMs } from '../../../src/adapters/ovenmediaengine/translate.js'
import { signUrl } from '../../../src/signing/sign-url.js'
import { buildTestApp } from '../../helpers.js'

const SECRET = 'ome-contract-admission-secret'
const TOKEN_KEY = 'ome-contract-token-key-of-32-bytes'

/** X-OME-Signature computed apart from streamgate: openssl's HMAC-SHA1, base64 made URL-safe without padding. */
function opensslSignature (body: Buffer | string, secret = SECRET): string {
  const mac = execFileSync('openssl', ['dgst', '-sha1', '-hmac', secret, '-binary'], { input: body })
  return mac.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const ended: AccessRequest[] = []
const recorder = defineRule<Record<string, never>>({
  id: 'test-recorder',
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: () => abstain('ip-no-match'), end (request) { ended.push(request) } })
})

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

async function omeApp (t: { teardown: (fn: () => unknown) => void }, maxAgeSeconds = 300): ReturnType<typeof buildTestApp> {
  return await buildTestApp(t, {
    server: { port: 0 },
    log: { level: 'info' },
    adapters: { ovenmediaengine: { enabled: true, secretKey: SECRET, maxAgeSeconds } },
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: {} }], default: 'deny' },
      { name: 'docs', match: { app: 'app', action: 'play' }, rules: [{ rule: 'test-recorder', options: {} }, { rule: 'ip-range', options: { allow: ['211.233.58.86'] } }], default: 'deny' },
      { name: 'llhls-only', match: { app: 'll', action: 'play' }, rules: [{ rule: 'protocol', options: { allow: ['LLHLS'] } }], default: 'deny' },
      { name: 'tokens', match: { app: 'paid', action: 'play' }, rules: [{ rule: 'signed-token', options: { keys: [{ id: 'default', secret: TOKEN_KEY }] } }], default: 'deny' }
    ]
  }, { rules: [recorder] })
}

/**
 * The request of OME's documentation ("Access Control" > "Admission Webhooks" > "Request"), with its placeholders
 * filled in: client 211.233.58.86:29291, a WebRTC viewer of app/stream.
 */
function docRequest (request: Record<string, unknown> = {}, client: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client: { address: '211.233.58.86', port: 29291, user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', ...client },
    request: { direction: 'outgoing', protocol: 'webrtc', status: 'opening', url: 'ws://ome.example.com:3333/app/stream', time: new Date().toISOString(), ...request }
  }
}

/** `null` sends no X-OME-Signature at all. */
async function call (app: App, body: string | Buffer, signature: string | string[] | null = opensslSignature(body)) {
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json', accept: 'application/json' }
  if (signature !== null) headers['x-ome-signature'] = signature
  const res = await app.inject({ method: 'POST', url: '/ome/admission', headers, payload: body })
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() }
}

const json = (message: unknown): string => JSON.stringify(message, null, 2)

t.test('OME docs, "Admission Webhooks": request and response examples', async t => {
  const { app } = await omeApp(t)

  t.test('"Request" example, outgoing opening: a play decided by the policy; "Response" example shape', async t => {
    t.same(await call(app, json(docRequest())), { status: 200, body: { allowed: true } })
    t.same(await call(app, json(docRequest({}, { address: '192.0.2.1' }))), { status: 200, body: { allowed: false, reason: 'ip-range:ip-not-allowed' } })
  })

  t.test('"Response" for closing: an empty object, and the session ends', async t => {
    ended.length = 0
    t.same(await call(app, json(docRequest({ status: 'closing' }))), { status: 200, body: {} })
    t.match(ended, [{ action: 'play', protocol: 'WEBRTC', sessionId: '211.233.58.86:29291', url: { app: 'app', stream: 'stream' } }])
  })

  t.test('every protocol of the docs reaches the protocol rule upper-cased', async t => {
    for (const protocol of ['webrtc', 'rtmp', 'srt', 'llhls', 'thumbnail']) {
      const answer = await call(app, json(docRequest({ protocol, url: 'https://ome.example.com:3334/ll/stream/llhls.m3u8' })))
      t.equal(answer.body.allowed, protocol === 'llhls', `${protocol}: ${String(answer.body.reason)}`)
    }
  })

  t.test('"lifetime" in ms from the decision: what is left of a signed token', async t => {
    const signed = signUrl({ stream: '/paid/stream/llhls.m3u8', key: TOKEN_KEY, ttl: 60 })
    const answer = await call(app, json(docRequest({ protocol: 'llhls', url: `https://ome.example.com:3334${signed}` })))
    t.equal(answer.body.allowed, true)
    const lifetime = answer.body.lifetime as number
    t.ok(Number.isInteger(lifetime) && lifetime > 58_000 && lifetime <= 60_000, `lifetime ${lifetime} ms`)
    t.equal(lifetimeMs(0), 1, 'no time left is 1 ms, never 0 (OME\'s "unlimited")')
    t.equal(lifetimeMs(-5), 1)
    t.equal(lifetimeMs(0.0001), 1)
    t.equal(JSON.stringify(lifetimeMs(1e20)), '9007199254740991', 'a lifetime of ages is written as an integer, not 1e+23')
  })

  t.test('incoming opening: a publish with a stream key, renamed to the public name with "new_url"', async t => {
    const key = await app.streamKeys.create('benw')
    t.same(await call(app, json(docRequest({ direction: 'incoming', protocol: 'rtmp', url: `rtmp://ome.example.com:1935/app/${key}` }))),
      { status: 200, body: { allowed: true, new_url: 'rtmp://ome.example.com:1935/app/benw' } })
    t.same(await call(app, json(docRequest({ direction: 'incoming', protocol: 'srt', url: `srt://ome.example.com:9999/app/benw?key=${key}` }))),
      { status: 200, body: { allowed: true, new_url: 'srt://ome.example.com:9999/app/benw' } }, 'the key in the key argument')
    t.same(await call(app, json(docRequest({ direction: 'incoming', protocol: 'rtmp', url: 'rtmp://ome.example.com:1935/app/not-a-key' }))),
      { status: 200, body: { allowed: false, reason: 'stream-key:unknown-key' } })
    t.match(await app.streamKeys.info('benw'), { live: true, publisherIp: '211.233.58.86' }, 'the admitted publisher is live')
    t.same(await call(app, json(docRequest({ direction: 'incoming', protocol: 'srt', status: 'closing', url: `srt://ome.example.com:9999/app/benw?key=${key}`, new_url: 'srt://ome.example.com:9999/app/benw' }))),
      { status: 200, body: {} })
    t.match(await app.streamKeys.info('benw'), { live: false }, 'its closing marks the stream offline')
  })
})

t.test('attacks on the signature: only the exact bytes OME signed, with OME\'s key, are read', async t => {
  const { app, logs } = await omeApp(t)
  const body = json(docRequest())
  const signature = opensslSignature(body)
  t.equal(signature.length, 27, 'HMAC-SHA1 is 27 base64url characters without padding')
  t.same((await call(app, body, signature)).body, { allowed: true }, 'the genuine call')
  const refusedWith = async (what: string, payload: string | Buffer, sig: string | string[] | null, reason = 'bad-hook-signature') => {
    t.same(await call(app, payload, sig), { status: 403, body: { allowed: false, reason } }, what)
  }
  await refusedWith('no signature', body, null)
  await refusedWith('an empty signature', body, '')
  await refusedWith('signed with another key', body, opensslSignature(body, 'not-the-admission-secret'))
  await refusedWith('the body re-serialized (same JSON, other bytes)', JSON.stringify(JSON.parse(body)), signature)
  await refusedWith('a trailing newline added', body + '\n', signature)
  t.same((await call(app, body, signature + '=')).body, { allowed: true }, 'the one padding character a padding encoder adds is accepted')
  await refusedWith('two padding characters', body, signature + '==')
  await refusedWith('a truncated signature', body, signature.slice(0, 26))
  await refusedWith('a signature with a character more', body, signature + 'A')
  await refusedWith('hex instead of base64url', body, execFileSync('openssl', ['dgst', '-sha1', '-hmac', SECRET, '-r'], { input: body }).toString().slice(0, 40))
  const flipped = signature.replace(/[a-z]/, c => c.toUpperCase())
  await refusedWith('a letter in the other case', body, flipped)
  await refusedWith('the header twice', body, [signature, signature])
  // an opening replayed for another stream, with the signature of the first
  await refusedWith('the same signature on an opening for another url', json({ ...docRequest(), request: { ...docRequest().request as object, url: 'ws://ome.example.com:3333/app/other' } }), signature)
  const huge = json(docRequest({ padding: 'x'.repeat(200_000) }))
  const hugeAnswer = await call(app, huge)
  t.equal(hugeAnswer.status, 403, 'a validly signed body far larger than any admission call is refused')
  t.equal(hugeAnswer.body.allowed, false)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const res = await app.inject({ method: 'POST', url: '/ome/admission', headers: { 'content-type': type, 'x-ome-signature': signature }, payload: body })
    t.same(res.json(), { allowed: true }, `the body is read as the JSON OME signed whatever the Content-Type claims (${type})`)
  }
  const notJson = 'allowed=true'
  await refusedWith('a signed body that is no JSON', notJson, opensslSignature(notJson), 'bad-request')
  await refusedWith('no JSON under a bad signature: refused for the signature, never parsed', '{"client":', signature)
  await refusedWith('no JSON and no signature', '{"client":', null)
  const altered = Buffer.from(body)
  altered[altered.indexOf('29291') + 4] = '0'.charCodeAt(0)
  await refusedWith('one byte altered after signing (port 29290)', altered, signature)
  const empty = await app.inject({ method: 'POST', url: '/ome/admission' })
  t.same([empty.statusCode, empty.json()], [403, { allowed: false, reason: 'bad-hook-signature' }], 'no body and no signature')
  t.notOk(logs.text().includes(SECRET), 'the secret key never reaches the logs')
})

t.test('a forged call is refused once, and what its unread body claims (a publish) is not believed', async t => {
  const { app, logs } = await omeApp(t)
  const body = json(docRequest({ direction: 'incoming', protocol: 'rtmp', url: 'rtmp://h/app/k' }))
  t.same(await call(app, body, opensslSignature(body, 'not-the-admission-secret')), { status: 403, body: { allowed: false, reason: 'bad-hook-signature' } })
  const lines = logs.lines.filter(l => l.msg === 'decision' || l.msg === 'ovenmediaengine request refused')
  t.match(lines, [{ msg: 'ovenmediaengine request refused', reason: 'bad-hook-signature' }, { msg: 'decision', rule: 'adapter', reason: 'bad-hook-signature' }])
  t.equal(lines.length, 2, 'one refusal line, one decision line')
  t.equal(lines[1]?.action, undefined, 'logged as a play, the default')
})

t.test('a signed body is read up to 64 KiB, one byte more is refused unread', async t => {
  const { app } = await omeApp(t)
  const padded = (size: number): string => {
    const base = json(docRequest({ padding: '' }))
    return json(docRequest({ padding: 'x'.repeat(size - Buffer.byteLength(base)) }))
  }
  t.equal(Buffer.byteLength(padded(64 * 1024)), 64 * 1024)
  t.same(await call(app, padded(64 * 1024)), { status: 200, body: { allowed: true } }, 'OME may add fields: 64 KiB is read')
  t.same(await call(app, padded(64 * 1024 + 1)), { status: 403, body: { allowed: false, reason: 'bad-request' } })
})

t.test('a repeated X-OME-Signature over real HTTP (Node joins the lines) is refused', async t => {
  const { app } = await omeApp(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const body = json(docRequest())
  const signature = opensslSignature(body)
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${address}/ome/admission`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ome-signature': [signature, signature] } }, res => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end(body)
  })
  t.equal(status, 403)
})

t.test('a captured call replayed later than maxAgeSeconds is refused as stale', async t => {
  const { app } = await omeApp(t, 60)
  const old = json(docRequest({ time: new Date(Date.now() - 61_000).toISOString() }))
  t.same(await call(app, old), { status: 403, body: { allowed: false, reason: 'stale-hook' } })
  const future = json(docRequest({ time: new Date(Date.now() + 61_000).toISOString() }))
  t.same(await call(app, future), { status: 403, body: { allowed: false, reason: 'stale-hook' } })
  const garbage = json(docRequest({ time: 'yesterday' }))
  t.same(await call(app, garbage), { status: 403, body: { allowed: false, reason: 'stale-hook' } })
  const withOffset = json(docRequest({ time: new Date().toISOString().replace('Z', '+00:00') }))
  t.same((await call(app, withOffset)).body, { allowed: true }, 'an offset written as OME writes it')
})

t.test('what cannot be read as OME\'s message is refused, signed or not', async t => {
  const { app } = await omeApp(t)
  for (const [what, message] of [
    ['a path without scheme and host', docRequest({ url: '/app/stream' })],
    ['an unknown direction', docRequest({ direction: 'sideways' })],
    ['a port that is no number', docRequest({}, { port: '29291' })],
    ['no time', { client: docRequest().client, request: { direction: 'outgoing', protocol: 'webrtc', status: 'opening', url: 'ws://h/app/stream' } }]
  ] as Array<[string, unknown]>) {
    t.same(await call(app, json(message)), { status: 403, body: { allowed: false, reason: 'invalid-message' } }, what)
  }
  t.same(await call(app, json(docRequest({ url: 'ws://h/app/../app/stream' }))), { status: 403, body: { allowed: false, reason: 'path-dot-segment' } })
})

t.test('the client\'s address is read in its one spelling; one that is no address is refused, its closing still answered', async t => {
  const { app } = await omeApp(t)
  t.same(await call(app, json(docRequest({}, { address: '::ffff:211.233.58.86' }))), { status: 200, body: { allowed: true } }, 'IPv4-mapped: the address the rules allow')
  t.match(await app.explain('ovenmediaengine', docRequest({}, { address: '::FFFF:211.233.58.86' })), { request: { ip: '211.233.58.86' } })
  t.same(await call(app, json(docRequest({}, { address: 'not-an-address' }))), { status: 403, body: { allowed: false, reason: 'bad-address' } })
  t.match(await app.explain('ovenmediaengine', docRequest({}, { address: 'not-an-address' })), { decision: { outcome: 'deny', reason: 'bad-address' } })
  t.same(await call(app, json(docRequest({ status: 'closing' }, { address: 'not-an-address' }))), { status: 200, body: {} })
})

t.test('config: enabled without the secret key does not start', async t => {
  await t.rejects(buildTestApp(t, { server: { port: 0 }, adapters: { ovenmediaengine: { enabled: true } }, policies: [{ rules: [], default: 'deny' }] }), /secretKey is required/)
})

t.test('explain reads an outgoing opening as the play, an incoming one as the publish it decides', async t => {
  const { app } = await omeApp(t)
  t.match(await app.explain('ovenmediaengine', docRequest()), { decision: { outcome: 'allow' }, request: { action: 'play', protocol: 'WEBRTC', ip: '211.233.58.86' } })
  t.match(await app.explain('ovenmediaengine', docRequest({ direction: 'incoming', url: 'rtmp://h/app/not-a-key' })), { decision: { outcome: 'deny', reason: 'unknown-key' }, request: { action: 'publish' } })
})

t.test('a publisher\'s stream key stays out of the decision line and explain, in the stream name or the key argument', async t => {
  const { app, logs } = await omeApp(t)
  const key = await app.streamKeys.create('benw')
  const urls = [`rtmp://ome.example.com:1935/app/${key}`, `srt://ome.example.com:9999/app/benw?key=${key}`]
  for (const url of urls) {
    t.match(await call(app, json(docRequest({ direction: 'incoming', protocol: 'rtmp', url }))), { status: 200, body: { allowed: true } })
    const explained = await app.explain('ovenmediaengine', docRequest({ direction: 'incoming', protocol: 'rtmp', url }))
    t.match(explained, { decision: { outcome: 'allow' } })
    t.notOk(JSON.stringify(explained).includes(key), `explain shows no key (${url.split(':')[0]})`)
  }
  const wrong = 'sk-wrong-guess-0123456789'
  t.match(await call(app, json(docRequest({ direction: 'incoming', protocol: 'rtmp', url: `rtmp://ome.example.com:1935/app/${wrong}` }))), { body: { allowed: false } })
  t.notOk(logs.text().includes(key), 'no log line holds the key')
  t.notOk(logs.text().includes(wrong), 'nor a wrong one')
})

t.test('an incoming session refused before any rule is logged as a publish, an outgoing one as a play', async t => {
  const { app, logs } = await omeApp(t, 60)
  const time = new Date(Date.now() - 61_000).toISOString()
  t.match(await call(app, json(docRequest({ direction: 'incoming', protocol: 'rtmp', url: 'rtmp://h/app/k', time }))), { status: 403 })
  t.match(await call(app, json(docRequest({ time }))), { status: 403 })
  const refused = logs.lines.filter(l => l.msg === 'decision' && l.rule === 'adapter')
  t.same(refused.map(l => [l.action, l.reason]), [['publish', 'stale-hook'], [undefined, 'stale-hook']], 'a play is the default, unnamed')
})
