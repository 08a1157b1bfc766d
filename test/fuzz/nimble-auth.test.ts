import { readFileSync } from 'node:fs'
import t from 'tap'
import { isLiveStream } from './judge.js'
import { nimbleBody, oneChain } from '../helpers.js'
import {
  type FuzzCase, type HttpCase, type Malformed, type Outcome, type Rng, deepNesting, fitsSchema, fuzzAdapter, hasPrototypeKey, invalidUtf8, isAddress,
  isPlainObject, mutateBytes, mutateObject, parseJsonBody, randomBytes, randomString, randomValue, rawRequest, startTarget
} from './harness.js'

const ALLOWED_IP = '198.51.100.7'
const PATH = '/nimble/auth'

/** Only the one viewer address watching live/stream may be allowed; everything else falls to a deny. */
const config = oneChain([{ rule: 'ip-range', options: { allow: [ALLOWED_IP] } }], { match: { app: 'live', stream: 'stream' }, default: 'deny' })

const schema = JSON.parse(readFileSync(new URL('../../schemas/nimble/auth-request.schema.json', import.meta.url), 'utf8')) as object

const seeds = [
  nimbleBody({ ip: ALLOWED_IP }),
  { url: '/live/stream/playlist.m3u8', ip: ALLOWED_IP },
  { host: 'edge.example.com:8081', url: 'live/stream/chunk_1.ts?nimblesessionid=9', ip: ALLOWED_IP, user_agent: 'VLC/3.0.20', session_id: 42, session_type: 'DASH' },
  { url: 'https://cdn.example.com/live/stream/manifest.mpd', ip: `::ffff:${ALLOWED_IP}`, referer: null, session_type: 'WHEP' }
]

/** Near misses of the allowed shape, and values parsers disagree on. */
const interesting: Record<string, unknown[]> = {
  ip: [
    '198.51.100.70', '198.51.100.6', ` ${ALLOWED_IP}`, `${ALLOWED_IP} `, `${ALLOWED_IP}\n`, `${ALLOWED_IP}\u0000`, '198.51.100.07', '198.051.100.7',
    `${ALLOWED_IP}/32`, `${ALLOWED_IP}.`, `::ffff:${ALLOWED_IP}`, '::ffff:c633:6407', `0:0:0:0:0:ffff:${ALLOWED_IP}`, `::${ALLOWED_IP}`,
    `[::ffff:${ALLOWED_IP}]`, '3328402439', 3328402439, [ALLOWED_IP], { ip: ALLOWED_IP }, '203.0.113.1', '::1', '', null, `${ALLOWED_IP},203.0.113.1`
  ],
  url: [
    '/live/stream', '/live/stream/', 'live/stream/x.m3u8', '/LIVE/stream/x', '/live/Stream/x', '/live/stream%2fx', '/live/%73tream/p.m3u8',
    '/live/../live/stream/p', '/vod/../live/stream/a', '/live/stream/../../vod/x', '//live/stream', 'http://evil.example/live/stream/p',
    'rtmp://h/live/stream', 'file:///live/stream', 'data:,/live/stream', '/live/streamx/p', '/live/stream\u0000/p', '/live/stream%00',
    '%', '/live/%E0%A4%A', '/live/stream?x=%zz', ' /live/stream', '\\live\\stream', '/live//stream', '', '/live/stream#frag', 'http://[::1/live/stream'
  ],
  host: ['', null, 'a b', 'evil.example:99999', '[::1', 'x'.repeat(256), 'host/with/path', 'h?q', 'live', 7],
  session_id: [1, 1.5, -1, 2 ** 53, '', null, 'x'.repeat(257), true],
  session_type: ['hls', 'x'.repeat(33), 5, ['HLS']],
  'user-agent': ['x'.repeat(4097), 1, ['a']],
  referer: ['x'.repeat(8193), {}]
}

/** The oracle: the one shape the policy may allow. */
function expected (body: Buffer): Outcome {
  const parsed = parseJsonBody(body)
  if (!parsed.ok || !isPlainObject(parsed.value) || hasPrototypeKey(parsed.value) || !fitsSchema(schema, parsed.value)) return 'refuse'
  const { ip, url, host } = parsed.value as { ip: string, url: string, host?: string | null }
  return isAddress(ip, ALLOWED_IP) && isLiveStream(url, host ?? '') ? 'allow' : 'refuse'
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/json', 'application/x-json', undefined]

function httpCase (r: Rng, body: Buffer): HttpCase {
  const contentType = r.pick(CONTENT_TYPES)
  return { method: 'POST', path: PATH, headers: contentType === undefined ? {} : { 'content-type': contentType }, body }
}

function bodyCase (r: Rng, kind: string, body: Buffer): FuzzCase {
  return { kind, http: httpCase(r, body), expected: expected(body) }
}

/** Broken HTTP around an allowed or a denied message; only the denied one has a certain outcome. */
function rawCase (r: Rng): FuzzCase {
  const allowed = r.chance(0.5)
  const body = Buffer.from(JSON.stringify(allowed ? r.pick(seeds) : { ...r.pick(seeds), ip: '203.0.113.1' }))
  const base = { method: 'POST', path: PATH, headers: { Host: 'streamgate', 'Content-Type': 'application/json', Connection: 'close' }, body }
  const half = body.subarray(0, body.length >> 1)
  const chunked = { ...base, headers: { ...base.headers, 'Transfer-Encoding': 'chunked' } }
  const variants: Array<[string, Buffer]> = [
    ['short content-length', rawRequest({ ...base, headers: { ...base.headers, 'Content-Length': String(half.length) } }, { contentLength: false })],
    ['long content-length', rawRequest({ ...base, headers: { ...base.headers, 'Content-Length': String(body.length + 10) } }, { contentLength: false })],
    ['two content-lengths', rawRequest({ ...base, headers: { ...base.headers, 'Content-Length': `${body.length}, ${half.length}` } }, { contentLength: false })],
    ['content-length and chunked', rawRequest(chunked)],
    ['chunked', rawRequest({ ...chunked, body: Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]) }, { contentLength: false })],
    ['bad chunk size', rawRequest({ ...chunked, body: Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]) }, { contentLength: false })],
    ['CR in a header', rawRequest({ ...base, headers: { ...base.headers, 'X-Real-IP': `${ALLOWED_IP}\rX-Evil: 1` } })],
    ['LF in a header', rawRequest({ ...base, headers: { ...base.headers, 'X-Real-IP': `${ALLOWED_IP}\nX-Evil: 1` } })],
    ['NUL in a header', rawRequest({ ...base, headers: { ...base.headers, 'X-Real-IP': `${ALLOWED_IP}\u0000` } })],
    ['obs-fold', rawRequest({ ...base, headers: { ...base.headers, 'X-Real-IP': `${ALLOWED_IP}\r\n  folded` } })],
    ['huge header', rawRequest({ ...base, headers: { ...base.headers, 'X-Pad': 'a'.repeat(r.pick([8000, 17_000, 70_000])) } })],
    ['bad request line', rawRequest({ ...base, method: r.pick(['POST', 'post', 'P\u0000ST', 'GET']), path: r.pick([`${PATH} HTTP/9.9 x`, `http://x${PATH}`, `${PATH}\t`, `${PATH}?\r`]) })],
    ['random bytes', Buffer.concat([Buffer.from(`POST ${PATH} HTTP/1.1\r\n`), randomBytes(r, 200)])],
    ['damaged head', mutateBytes(r, rawRequest(base))]
  ]
  const [kind, raw] = r.pick(variants)
  return { kind: `raw: ${kind}`, raw, expected: allowed ? 'either' : 'refuse' }
}

function generate (r: Rng): FuzzCase {
  const seed = r.pick(seeds)
  const roll = r.next()
  if (roll < 0.05) return bodyCase(r, 'valid', Buffer.from(JSON.stringify(seed)))
  if (roll < 0.45) return bodyCase(r, 'mutated fields', Buffer.from(mutateObject(r, seed, interesting)))
  if (roll < 0.65) return bodyCase(r, 'mutated bytes', mutateBytes(r, Buffer.from(JSON.stringify(seed))))
  if (roll < 0.72) return bodyCase(r, 'random JSON', Buffer.from(JSON.stringify(randomValue(r))))
  if (roll < 0.76) return bodyCase(r, 'random bytes', randomBytes(r, 300))
  if (roll < 0.79) return bodyCase(r, 'invalid UTF-8', Buffer.concat([Buffer.from(JSON.stringify(seed).slice(0, -2)), invalidUtf8(r), Buffer.from('"}')]))
  if (roll < 0.81) return bodyCase(r, 'deep nesting', Buffer.from(deepNesting(r)))
  if (roll < 0.84) return bodyCase(r, 'long string', Buffer.from(JSON.stringify({ ...seed, [r.pick(Object.keys(seed))]: 'x'.repeat(r.pick([300, 9000, 100_000, 1_100_000])) })))
  if (roll < 0.87) return bodyCase(r, 'unicode', Buffer.from(JSON.stringify({ ...seed, [r.pick(Object.keys(seed))]: randomString(r) }), r.chance(0.2) ? 'utf16le' : 'utf8'))
  if (roll < 0.9) {
    const c = bodyCase(r, 'odd content-type', Buffer.from(JSON.stringify(seed)))
    const contentType = r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x', '', ';;;', 'application/json; charset=latin1'])
    // the adapter reads any body as JSON, whatever its label: the oracle's expectation stands
    c.http!.headers['content-type'] = contentType
    return c
  }
  return rawCase(r)
}

t.test('Nimble auth: mutated and broken messages are never allowed unless they are the allowed shape', async t => {
  const target = await startTarget(t, config)
  const report = await fuzzAdapter(t, target, { name: 'nimble-auth', generate, outcomeOf }, 4000)
  t.ok((report.kinds.valid?.allowed ?? 0) > 0 && (report.kinds['mutated fields']?.allowed ?? 0) > 0, `the oracle is not vacuous: valid and still-valid mutated messages were allowed (${report.replay})`)
})

/** Nimble reads return_code; an answer must carry one that agrees with the HTTP status. */
function outcomeOf (answer: { status: number, body: Buffer }): Outcome | Malformed {
  const parsed = parseJsonBody(answer.body)
  const code = parsed.ok && isPlainObject(parsed.value) ? parsed.value.return_code : undefined
  if (answer.status === 200 && code === 200) return 'allow'
  if (answer.status === 403 && code === 403) return 'refuse'
  return { malformed: `HTTP ${answer.status} with ${answer.body.subarray(0, 100).toString()}` }
}
