import { validateHeaderName, validateHeaderValue } from 'node:http'
import type { AdapterFuzz } from '../../core/adapter.js'

const ALLOWED_IP = '198.51.100.7'

/** Framing and connection headers are the HTTP client's to write, not the message's. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer'])

/** nginx sends no header line longer than its large_client_header_buffers (8k). */
const MAX_VALUE_BYTES = 8192

/** A header value as sent: its UTF-8 bytes, one latin1 character per byte, as nginx forwards a viewer's bytes. */
const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1')

function sendable (name: string, value: string): boolean {
  if (FRAMING.has(name) || Buffer.byteLength(value) > MAX_VALUE_BYTES) return false
  try {
    validateHeaderName(name)
    validateHeaderValue(name, asBytes(value))
    return true
  } catch {
    return false
  }
}

/** A JSON value as text; undefined when it is nested too deep to write back. */
function asText (value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

/**
 * The headers a generated message stands for: its fields by lower-case name (a later spelling of a name wins), each
 * value as text (non-strings as JSON), leaving out what no nginx would send. Anything but a JSON object has none.
 */
function headersOf (body: Buffer): Map<string, string> {
  const headers = new Map<string, string>()
  let message: unknown
  try {
    message = JSON.parse(body.toString('utf8'))
  } catch {
    return headers
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return headers
  for (const [rawName, rawValue] of Object.entries(message)) {
    const name = rawName.toLowerCase()
    const value = typeof rawValue === 'string' ? rawValue : asText(rawValue)
    if (value !== undefined && sendable(name, value)) headers.set(name, value)
  }
  return headers
}

/**
 * nginx's auth_request under the generic fuzz run: the subrequest is its headers. Both address headers are read (the
 * default addressHeader) and no proxy is trusted, so the viewer is X-Real-IP when it is X-Forwarded-For's last entry;
 * paths are read strictly; 204 allows, 403 refuses.
 */
export const nginxAuthRequestFuzz: AdapterFuzz = {
  config: { pathRules: 'strict' },
  encoding: 'headers',
  seeds: [
    { 'x-original-uri': '/live/stream/index.m3u8?token=abc', 'x-original-method': 'GET', 'x-real-ip': ALLOWED_IP, 'x-forwarded-for': ALLOWED_IP, host: 'media.example.com', 'user-agent': 'Mozilla/5.0', cookie: 'sessionid=abc; theme=dark' },
    { 'X-Original-URI': '/live/stream/seg-1.ts', 'X-Real-IP': `::ffff:${ALLOWED_IP}`, 'X-Forwarded-For': `::ffff:${ALLOWED_IP}`, Referer: 'https://www.example.com/watch' },
    { 'x-original-uri': '/live/stream', 'x-forwarded-for': `203.0.113.5, ${ALLOWED_IP}`, 'x-real-ip': ALLOWED_IP, 'x-original-method': 'HEAD' }
  ],
  interesting: {
    'x-real-ip': [`${ALLOWED_IP}, 203.0.113.9`, ` ${ALLOWED_IP} `, `${ALLOWED_IP}:443`, '198.51.100.07', '::ffff:c633:6407', 'unknown', ''],
    'x-forwarded-for': [ALLOWED_IP, `203.0.113.9, ${ALLOWED_IP}`, `${ALLOWED_IP}, 203.0.113.9`, `${ALLOWED_IP},,`, `garbage, ${ALLOWED_IP}`, ` ${ALLOWED_IP} `, ',', ''],
    'x-original-uri': ['/live/stream/', 'live/stream', '/live/Stream/x', '/live/stream%2fx', '/live/%73tream/a.ts', '/vod/../live/stream/a', '//live/stream',
      '/live/stream%00', '/live/stream#/../../vod/a', 'http://evil/live/stream', '/live/streamx', '/live/stream\\..\\vod', '/live/str\u00e9am', '/live/stream/\u00e9', '%', ''],
    host: ['', 'a b', '[::1', 'evil.example:99999', 'live']
  },
  exchange (body) {
    const headers: Record<string, string> = {}
    for (const [name, value] of headersOf(body)) headers[name] = asBytes(value)
    return { method: 'GET', path: '/nginx/auth', headers }
  },
  expected (body, judge) {
    const headers = headersOf(body)
    // what the server reads: the characters received, without the blanks around them; the path alone is decoded
    // from its bytes, as UTF-8 text
    const got = (name: string): string | undefined => {
      const value = headers.get(name)
      return value === undefined ? undefined : asBytes(value).replace(/^[ \t]+|[ \t]+$/g, '')
    }
    const uri = Buffer.from(got('x-original-uri') ?? '', 'latin1').toString('utf8')
    const hops = (got('x-forwarded-for') ?? '').split(',').map(hop => hop.trim()).filter(hop => hop !== '')
    // an X-Real-IP that is not X-Forwarded-For's last entry was not set by nginx: refused
    const client = hops.at(-1) === got('x-real-ip')?.trim() ? hops.at(-1) : undefined
    // without a Host header, the HTTP client sends the server's own address
    return judge.isAllowedAddress(client) && uri.startsWith('/') && judge.isAllowedStream(uri, got('host') ?? '127.0.0.1') ? 'allow' : 'refuse'
  },
  answered (status, _headers, body) {
    if (body.length > 0) return { malformed: `HTTP ${status} with a body` }
    if (status === 204) return 'allow'
    if (status === 403) return 'refuse'
    return { malformed: `HTTP ${status}` }
  }
}
