import { createHmac, timingSafeEqual } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import t from 'tap'
import { defineAdapter } from '../../src/index.js'
import { echoAdapter } from '../fixtures/adapters/echo.js'
import { buildTestApp } from '../helpers.js'

const SECRET = 'verified-body-secret-never-logged'

interface SignedConfig {
  enabled: boolean
  secret: string
}

/** Every byte each verify was handed, in order. */
const seen: Buffer[] = []

const sign = (body: Buffer | string, secret = SECRET): string => createHmac('sha256', secret).update(body).digest('hex')

/**
 * A third-party signed webhook as its author would write it: nothing but a verify function (HMAC-SHA256 of the raw
 * body in X-Signature, hex, under the config's secret). Its answer echoes the JSON the host parsed.
 */
const signedAdapter = defineAdapter<SignedConfig>({
  id: 'signed',
  configKey: 'signed',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { enabled: { type: 'boolean', default: false }, secret: { type: 'string', minLength: 16 } },
    required: ['enabled', 'secret']
  },
  body: {
    json: true,
    verify (request, raw, config) {
      seen.push(raw)
      const given = request.headers['x-signature']
      if (typeof given !== 'string') return 'untrusted-hook-source'
      const expected = Buffer.from(sign(raw, config.secret))
      return given.length === expected.length && timingSafeEqual(Buffer.from(given), expected) ? undefined : 'bad-hook-signature'
    }
  },
  refusal: (reply, reason) => reply.code(401).send({ ok: false, reason }),
  build () {
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => await reply.code(200).send({ ok: true, message: request.body ?? null })
    return {
      explain: () => ({ refused: 'invalid-message' }),
      routes: [{ method: 'POST', url: '/signed', handler }, { method: 'GET', url: '/signed', handler }]
    }
  }
})

/** With `echo`, the fixture adapter that reads plain 'json' is enabled beside it. */
const config = ({ server = {}, echo = false }: { server?: Record<string, unknown>, echo?: boolean } = {}): unknown => ({
  server: { port: 0, ...server },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, signed: { enabled: true, secret: SECRET }, ...(echo ? { echo: { enabled: true } } : {}) },
  policies: [{ name: 'test', rules: [], default: 'deny' }]
})

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

/** `signature: null` sends no X-Signature. */
async function post (app: App, body: Buffer | string, signature: string | null = sign(body), headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await app.inject({ method: 'POST', url: '/signed', headers: signature === null ? headers : { ...headers, 'x-signature': signature }, payload: body })
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() }
}

const refusedLines = (lines: Array<Record<string, unknown>>) => lines.filter(l => l.msg === 'decision' || l.msg === 'signed request refused')

t.test('verify is handed the exact bytes sent, never a decoding of them; only then are they parsed as JSON', async t => {
  const { app } = await buildTestApp(t, config({ echo: true }), { adapters: [signedAdapter, echoAdapter] })
  const cases: Array<[string, Buffer, unknown]> = [
    ['plain JSON', Buffer.from('{"a":1}'), { a: 1 }],
    ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), { a: 1 }],
    ['bytes that are no UTF-8', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('"}')]), { a: '\ufffd\ufffd(' }],
    ['\\u escapes', Buffer.from('{"a":"\\u0041\\u00e9\\ud83d\\ude00"}'), { a: 'Aé😀' }],
    ['spacing and key order as sent', Buffer.from(' {\n  "b" : 2 ,"a":1}\r\n'), { b: 2, a: 1 }]
  ]
  for (const [what, bytes, parsed] of cases) {
    seen.length = 0
    t.same(await post(app, bytes), { status: 200, body: { ok: true, message: parsed } }, what)
    t.equal(seen.length, 1, `${what}: verified once`)
    t.ok(seen[0]?.equals(bytes), `${what}: verify saw the bytes as sent`)
  }
  const escaped = Buffer.from('{"a":"\\u0041"}')
  t.same(await post(app, escaped, sign('{"a":"A"}')), { status: 401, body: { ok: false, reason: 'bad-hook-signature' } },
    'a signature over the decoded text does not verify the escaped bytes')
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', ';;']) {
    t.same(await post(app, '{"a":1}', sign('{"a":1}'), { 'content-type': type }), { status: 200, body: { ok: true, message: { a: 1 } } },
      `read as verified JSON whatever the Content-Type claims (${type})`)
  }
})

t.test('the bytes arrive in pieces over real HTTP (a character split between chunks): verify sees them whole', async t => {
  const { app } = await buildTestApp(t, config(), { adapters: [signedAdapter] })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const body = Buffer.from('{"name":"é😀"}')
  seen.length = 0
  const answer = await new Promise<string>((resolve, reject) => {
    const req = httpRequest(`${address}/signed`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': sign(body) } }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => { resolve(`${res.statusCode ?? 0} ${Buffer.concat(chunks).toString()}`) })
    })
    req.on('error', reject)
    // chunked transfer: one write ends inside the two bytes of é
    req.write(body.subarray(0, 10))
    req.end(body.subarray(10))
  })
  t.equal(answer, '200 {"ok":true,"message":{"name":"é😀"}}')
  t.ok(seen[0]?.equals(body))
})

t.test('a body that does not verify gets the adapter\'s refusal before it is parsed, logged and counted once', async t => {
  const { app, logs } = await buildTestApp(t, config({ echo: true }), { adapters: [signedAdapter, echoAdapter] })
  const body = '{"a":1}'
  const signature = sign(body)
  const altered = Buffer.from(body)
  altered[5] = '2'.charCodeAt(0)
  const cases: Array<[string, Buffer | string, string | null, string]> = [
    ['no signature: the adapter\'s own reason', body, null, 'untrusted-hook-source'],
    ['signed with another key', body, sign(body, 'another-secret-of-enough-length'), 'bad-hook-signature'],
    ['one byte altered after signing', altered, signature, 'bad-hook-signature'],
    ['no JSON and a bad signature: refused for the signature, never parsed', '{"a":', signature, 'bad-hook-signature'],
    ['no JSON and no signature', 'not json at all', null, 'untrusted-hook-source'],
    ['a poisoned prototype and a bad signature', '{"__proto__":{"admin":true}}', signature, 'bad-hook-signature']
  ]
  for (const [what, payload, sig, reason] of cases) {
    const before = refusedLines(logs.lines).length
    t.same(await post(app, payload, sig), { status: 401, body: { ok: false, reason } }, what)
    t.match(refusedLines(logs.lines).slice(before), [
      { msg: 'signed request refused', adapter: 'signed', reason, detail: 'the body is not the media server\'s, as sent' },
      { msg: 'decision', adapter: 'signed', outcome: 'deny', rule: 'adapter', reason }
    ], `${what}: one refusal line, one decision line`)
    t.equal(refusedLines(logs.lines).length, before + 2)
  }
  const metrics = (await app.inject('/metrics')).body
  t.match(metrics, /streamgate_decisions_total\{adapter="signed",policy="none",rule="adapter",outcome="deny",reason="bad-hook-signature"\} 4\n/, 'counted once each')

  // verified, then parsed by the strict parser 'json' uses: the same bytes get the same answer from both
  const unreadable: Array<[string, string]> = [
    ['no JSON', '{"a":'], ['a poisoned prototype', '{"__proto__":{"admin":true}}'], ['a poisoned constructor', '{"constructor":{"prototype":{"admin":true}}}'], ['empty', '']
  ]
  for (const [what, payload] of unreadable) {
    t.same(await post(app, payload, sign(payload)), { status: 401, body: { ok: false, reason: 'bad-request' } }, `signed, ${what}: unreadable`)
    const echoed = await app.inject({ method: 'POST', url: '/echo/auth', headers: { 'content-type': 'application/json' }, payload })
    t.same([echoed.statusCode, logs.lines.at(-1)?.reason], [403, 'bad-request'], `${what}: as 'json' reads it`)
  }
  t.notOk(logs.text().includes(SECRET), 'the secret is in no log line')
})

t.test('a request with no body is verified on no bytes: nothing reaches a handler unverified', async t => {
  const { app } = await buildTestApp(t, config(), { adapters: [signedAdapter] })
  for (const method of ['GET', 'POST'] as const) {
    seen.length = 0
    const unsigned = await app.inject({ method, url: '/signed' })
    t.same([unsigned.statusCode, unsigned.json()], [401, { ok: false, reason: 'untrusted-hook-source' }], `${method} without a body or a signature`)
    t.same(seen, [Buffer.alloc(0)], `${method}: verify saw no bytes`)
    const signed = await app.inject({ method, url: '/signed', headers: { 'x-signature': sign('') } })
    t.same([signed.statusCode, signed.json()], [200, { ok: true, message: null }], `${method} signed over no bytes`)
  }
})

t.test('a verify that throws or gives no reason code refuses, never a 5xx, and its message is not logged', async t => {
  const variants: Array<[string, (raw: Buffer) => unknown, string]> = [
    ['throws an Error holding the secret', () => { throw new TypeError(`bad key ${SECRET}`) }, 'verify threw TypeError'],
    ['throws a string', () => { throw SECRET as unknown as Error }, 'verify threw string'],
    ['answers a promise (verify is synchronous)', async () => await Promise.resolve(undefined), 'the body is not the media server\'s, as sent'],
    ['answers false', () => false, 'the body is not the media server\'s, as sent']
  ]
  for (const [what, verify, detail] of variants) {
    const adapter = { ...signedAdapter, body: { json: true as const, verify: verify as () => undefined } }
    const { app, logs } = await buildTestApp(t, config(), { adapters: [adapter] })
    t.same(await post(app, '{"a":1}'), { status: 401, body: { ok: false, reason: 'bad-hook-signature' } }, what)
    t.match(logs.lines.find(l => l.msg === 'signed request refused'), { reason: 'bad-hook-signature', detail }, what)
    t.equal(logs.lines.filter(l => l.msg === 'decision').length, 1, `${what}: one decision line`)
    t.notOk(logs.text().includes(SECRET), `${what}: the secret is in no log line`)
    await app.close()
  }
})

t.test('a body over the limit is refused unread: server.bodyLimit, or the adapter\'s when lower', async t => {
  const big = JSON.stringify({ padding: 'x'.repeat(2000) })
  const limits: Array<[string, number | undefined, number, Record<string, unknown>]> = [
    ['server.bodyLimit', undefined, 1024, { bodyLimit: 1024 }],
    ['the adapter\'s bodyLimit', 1024, 1024, {}],
    ['server.bodyLimit below the adapter\'s', 100_000, 1024, { bodyLimit: 1024 }]
  ]
  for (const [what, adapterLimit, limit, server] of limits) {
    const adapter = adapterLimit === undefined ? signedAdapter : { ...signedAdapter, bodyLimit: adapterLimit }
    const { app, logs } = await buildTestApp(t, config({ server }), { adapters: [adapter] })
    seen.length = 0
    t.same(await post(app, big), { status: 401, body: { ok: false, reason: 'bad-request' } }, `${what}: refused`)
    t.same(seen, [], `${what}: never verified`)
    t.match(logs.lines.find(l => l.msg === 'signed request refused'), { detail: /FST_ERR_CTP_BODY_TOO_LARGE/ })
    const fits = JSON.stringify({ padding: 'x'.repeat(limit - 16) })
    t.same((await post(app, fits)).status, 200, `${what}: a body of ${fits.length} bytes is read`)
    await app.close()
  }
})
