import { validateHeaderName, validateHeaderValue } from 'node:http'
import { isIP } from 'node:net'
import t from 'tap'
import { servedPath, validHost } from './served-path.js'
import {
  type FuzzCase, type HttpCase, type Malformed, type Outcome, type Rng, fuzzAdapter, headersOfRaw, isAddress, isPlainObject,
  mutateBytes, mutateObject, parseJsonBody, randomString, randomValue, rawRequest, startTarget
} from './harness.js'

const ALLOWED_IP = '198.51.100.7'
const PROXY = '10.0.0.1'
const PATH = '/nginx/auth'
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

type AddressHeader = 'both' | 'x-real-ip' | 'x-forwarded-for'

/** Only the one viewer address playing live/stream may be allowed, directly or through the one trusted proxy. */
const configFor = (addressHeader: AddressHeader) => ({
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, nginx: { enabled: true, addressHeader, trustedProxies: [PROXY] } },
  policies: [{ name: 'fuzz', match: { app: 'live', stream: 'stream', action: 'play' }, rules: [{ rule: 'ip-range', options: { allow: [ALLOWED_IP] } }], default: 'deny' }]
})

const viewer = {
  host: 'media.example.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0',
  referer: 'https://www.example.com/watch',
  cookie: 'sessionid=abc123; theme=dark'
}
/** As the recipe's nginx sends them (both address headers), so every addressHeader allows them. */
const seeds: Array<Record<string, string>> = [
  { ...viewer, 'x-original-uri': '/live/stream/index.m3u8?token=abc', 'x-original-method': 'GET', 'x-real-ip': ALLOWED_IP, 'x-forwarded-for': ALLOWED_IP },
  { 'x-original-uri': '/live/stream/seg-1.ts', 'x-real-ip': ALLOWED_IP, 'x-forwarded-for': `203.0.113.5, ${ALLOWED_IP}` },
  { ...viewer, 'x-original-uri': '//live//stream/../stream/key/1.key', 'x-original-method': 'HEAD', 'x-forwarded-for': `${ALLOWED_IP}, ${PROXY}`, 'x-real-ip': PROXY },
  { 'x-original-uri': '/live/stream', 'x-forwarded-for': `203.0.113.5, ${ALLOWED_IP}, ${PROXY}`, 'x-real-ip': PROXY, host: 'edge:8080' }
]

/** Near misses of the allowed shape, spoofing attempts, and values parsers disagree on. */
const interesting: Record<string, unknown[]> = {
  'x-real-ip': [PROXY, `::ffff:${ALLOWED_IP}`, `::ffff:${PROXY}`, '203.0.113.9', `${ALLOWED_IP}, ${PROXY}`, ` ${ALLOWED_IP} `, `${ALLOWED_IP}:443`, '', 'unknown', '198.51.100.07'],
  'x-forwarded-for': [ALLOWED_IP, `${ALLOWED_IP}, ${PROXY}`, `${ALLOWED_IP}, 203.0.113.9`, `203.0.113.9, ${PROXY}`, PROXY, `${ALLOWED_IP},,${PROXY}`, `garbage, ${ALLOWED_IP}`, `${ALLOWED_IP}, garbage`, `${PROXY}, ${PROXY}`, ',', '', 'for=198.51.100.7'],
  'x-original-uri': [
    '/live/stream', '/live/stream/', 'live/stream', '/LIVE/stream', '/live/Stream/x', '/live/stream%2fx', '/live/%73tream/a.ts', '/vod/../live/stream/a',
    '/live/stream/../../vod/a.m3u8', '/live/stream#/../../vod/a', '/live/stream?#x', '//live/stream', '/live/stream%00', '/live/%E0%A4%A', '%', '',
    'http://evil/live/stream', '/live/streamx', '/./live/./stream/', '/live/stream\\..\\..\\vod', '/live/stream;/../../vod'
  ],
  'x-original-method': ['get', 'POST', 'PUT', '', ' GET', 'GET ', 'G\u0130T', 'HEAD', 'PROPFIND'],
  host: ['', 'a b', '[::1', 'evil.example:99999', 'x'.repeat(300), 'live']
}

/**
 * The viewer, from the headers addressHeader says nginx sets: X-Forwarded-For's hops, ending with X-Real-IP under
 * x-real-ip, and under both only when X-Real-IP is their last (else one header was not nginx's); walking them from the
 * right, the first that is not the trusted proxy (the leftmost if all are).
 */
function viewerIp (headers: Record<string, string>, addressHeader: AddressHeader): string | undefined {
  const forwardedFor = (headers['x-forwarded-for'] ?? '').split(',').map(h => h.trim()).filter(h => h !== '')
  const realIp = (headers['x-real-ip'] ?? '').trim()
  if (addressHeader !== 'x-forwarded-for' && realIp === '') return undefined
  if (addressHeader === 'both' && forwardedFor.at(-1) !== realIp) return undefined
  const hops = addressHeader === 'x-real-ip' ? [...forwardedFor, realIp] : forwardedFor
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (isIP(hop) === 0) return undefined
    if (i === 0 || !isAddress(hop, PROXY)) return hop
  }
  return undefined
}

/** The decision must be about the path nginx serves. */
const playsLiveStream = (uri: string): boolean => /^\/live\/stream(\/|$)/.test(servedPath(uri, false, 'latin1') ?? '')

/** The oracle, on the headers as the server received them. */
function expected (headers: Record<string, string>, addressHeader: AddressHeader): Outcome {
  const ip = viewerIp(headers, addressHeader)
  const method = (headers['x-original-method'] ?? 'GET').toUpperCase()
  const allowed = ip !== undefined && isAddress(ip, ALLOWED_IP) &&
    ['GET', 'HEAD', ''].includes(method) && playsLiveStream(headers['x-original-uri'] ?? '') && validHost(headers.host ?? '')
  return allowed ? 'allow' : 'refuse'
}

const asHeaderValue = (value: unknown): string => typeof value === 'string' ? value : JSON.stringify(value)

function sendable (headers: Record<string, string | string[]>): boolean {
  if (Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'host' && Array.isArray(value))) return false
  try {
    for (const [name, value] of Object.entries(headers)) for (const one of [value].flat()) { validateHeaderName(name); validateHeaderValue(name, one) }
    return true
  } catch {
    return false
  }
}

/** Node's limit on a request head; nginx may send more (4 × 8 KiB buffers), which Node refuses with a 431. */
const HEAD_LIMIT = 16 * 1024 - 512

/** A header set sent as it is when an HTTP client would send it, else as raw bytes (CR, LF, NUL, non-latin1...). */
function headerCase (r: Rng, addressHeader: AddressHeader, kind: string, given: Record<string, string | string[]>): FuzzCase {
  // an HTTP client sends one header per name whatever its case, the last given
  const byName = new Map(Object.entries(given).map(([name, value]) => [name.toLowerCase(), [name, value] as const]))
  if (!byName.has('host')) byName.set('host', ['host', 'localhost'])
  const headers = Object.fromEntries(byName.values())
  const http: HttpCase = { method: r.chance(0.9) ? 'GET' : r.pick(METHODS), path: PATH, headers }
  if (sendable(headers)) {
    // what the HTTP client puts on the wire: header values as latin1
    const sent = rawRequest(http, { encoding: 'latin1' })
    const oracle = expected(headersOfRaw(sent), addressHeader)
    return { kind, http, expected: sent.length < HEAD_LIMIT ? oracle : oracle === 'allow' ? 'either' : 'refuse' }
  }
  const raw = rawRequest({ ...http, headers: { ...headers, Connection: 'close' } })
  return { kind: `raw: ${kind}`, raw, expected: expected(headersOfRaw(raw), addressHeader) === 'allow' ? 'either' : 'refuse' }
}

function mutatedHeaders (r: Rng, seed: Record<string, string>): Record<string, string | string[]> {
  const parsed = parseJsonBody(Buffer.from(mutateObject(r, seed, interesting)))
  const headers: Record<string, string | string[]> = {}
  if (!parsed.ok || !isPlainObject(parsed.value)) return headers
  for (const [name, value] of Object.entries(parsed.value)) headers[r.chance(0.1) ? name.toUpperCase() : name] = asHeaderValue(value)
  return headers
}

const INJECTIONS = ['\r\n', '\n', '\r', '\r\n ', '\u0000', '\r\n\r\n']

function generate (r: Rng, addressHeader: AddressHeader): FuzzCase {
  const seed = r.pick(seeds)
  const roll = r.next()
  if (roll < 0.05) return headerCase(r, addressHeader, 'valid', { ...seed })
  if (roll < 0.6) return headerCase(r, addressHeader, 'mutated headers', mutatedHeaders(r, seed))
  if (roll < 0.7) {
    const name = r.pick(Object.keys(interesting))
    return headerCase(r, addressHeader, 'repeated header', { ...seed, [name]: [seed[name] ?? '', asHeaderValue(r.pick(interesting[name]!))] })
  }
  if (roll < 0.85) {
    // header injection: a value that carries a line break and another header (the allowed address, say)
    const name = r.pick(Object.keys(seed))
    const injected = `${r.pick(['X-Real-IP', 'X-Forwarded-For', 'X-Original-URI', 'Host', 'X-Original-Method'])}: ${asHeaderValue(r.pick([ALLOWED_IP, '/live/stream/a.ts', 'GET', randomString(r)]))}`
    return headerCase(r, addressHeader, 'header injection', { ...seed, 'x-real-ip': r.chance(0.5) ? '203.0.113.9' : seed['x-real-ip'] ?? '', [name]: `${seed[name] ?? ''}${r.pick(INJECTIONS)}${injected}` })
  }
  if (roll < 0.9) return headerCase(r, addressHeader, 'random values', Object.fromEntries(Object.keys(seed).map(name => [name, asHeaderValue(r.chance(0.5) ? randomString(r) : randomValue(r))])))
  const raw = mutateBytes(r, rawRequest({ method: 'GET', path: PATH, headers: { ...seed, Connection: 'close' } }))
  return { kind: 'raw: damaged request', raw, expected: expected(headersOfRaw(raw), addressHeader) === 'allow' ? 'either' : 'refuse' }
}

/** nginx reads the status alone: 2xx allows, 401 and 403 refuse, anything else becomes a 500 for the viewer. */
function outcomeOf (answer: { status: number, body: Buffer }): Outcome | Malformed {
  if (answer.body.length > 0) return { malformed: `a body (${answer.body.length} bytes) with ${answer.status}` }
  if (answer.status === 204) return 'allow'
  if (answer.status === 403 || answer.status === 401) return 'refuse'
  return { malformed: `HTTP ${answer.status}` }
}

/** The default gets the most cases: it is what the recipe sets. */
const CASES: Array<[AddressHeader, number]> = [['both', 4000], ['x-real-ip', 2000], ['x-forwarded-for', 2000]]

for (const [addressHeader, count] of CASES) {
  t.test(`nginx auth_request (addressHeader ${addressHeader}): mutated, repeated and injected headers are never allowed unless they are the allowed shape`, async t => {
    const target = await startTarget(t, configFor(addressHeader))
    const report = await fuzzAdapter(t, target, { name: `nginx-auth-request (${addressHeader})`, generate: r => generate(r, addressHeader), outcomeOf }, count)
    t.ok((report.kinds.valid?.allowed ?? 0) > 0 && (report.kinds['mutated headers']?.allowed ?? 0) > 0, `the oracle is not vacuous: valid and still-valid mutated messages were allowed (${report.replay})`)
  })
}
