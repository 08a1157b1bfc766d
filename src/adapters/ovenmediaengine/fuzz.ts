import { createHmac } from 'node:crypto'
import type { AdapterFuzz } from '../../core/adapter.js'

const ALLOWED_IP = '198.51.100.7'
const SECRET = 'fuzz-ome-admission-secret-key'
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)
const text = (value: unknown, min: number, max: number): boolean => typeof value === 'string' && Array.from(value).length >= min && Array.from(value).length <= max
const optionalText = (value: unknown, max: number): boolean => value === undefined || text(value, 0, max)

/** The wire schema's constraints, read apart from the schema validator. */
function wellFormed (message: Record<string, unknown>): message is { client: Record<string, unknown>, request: Record<string, unknown> } {
  const { client, request } = message
  if (!isObject(client) || !isObject(request)) return false
  const port = client.port
  return text(client.address, 1, 64) && typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 &&
    optionalText(client.real_ip, 64) && optionalText(client.user_agent, 1024) &&
    (request.direction === 'incoming' || request.direction === 'outgoing') && (request.status === 'opening' || request.status === 'closing') &&
    typeof request.protocol === 'string' && /^[A-Za-z0-9-]{1,16}$/.test(request.protocol) &&
    text(request.url, 1, 4096) && ABSOLUTE.test(request.url as string) && optionalText(request.new_url, 4096) &&
    text(request.time, 1, 64) && Math.abs(Date.now() - Date.parse(request.time as string)) <= 300_000
}

const now = new Date().toISOString()

/** Whether a URL's query (from its first `?` to a `#`) names the publish key argument (`key` in the run). */
const hasKeyArg = (url: string): boolean => url.includes('?') && new URLSearchParams(url.slice(url.indexOf('?') + 1).split('#')[0]).has('key')

/** OME's admission webhook under the generic fuzz run: every call signed as OME signs it; live/stream opened from the one allowed address is allowed. */
export const omeFuzz: AdapterFuzz = {
  config: { secretKey: SECRET },
  encoding: 'json',
  seeds: [
    { client: { address: ALLOWED_IP, port: 29291 }, request: { direction: 'outgoing', protocol: 'webrtc', status: 'opening', url: 'ws://ome.example.com:3333/live/stream', time: now } },
    { client: { address: ALLOWED_IP, port: 1, user_agent: 'Mozilla/5.0' }, request: { direction: 'outgoing', protocol: 'llhls', status: 'opening', url: 'https://ome.example.com:3334/live/stream/llhls.m3u8?token=x', time: now } }
  ],
  interesting: {
    client: [{ address: '198.51.100.70', port: 1 }, { address: `::ffff:${ALLOWED_IP}`, port: 1 }, { address: '203.0.113.9', port: 1, real_ip: ALLOWED_IP }, { address: ALLOWED_IP, port: 70000 }],
    request: [
      { direction: 'incoming', protocol: 'rtmp', status: 'opening', url: 'rtmp://h/live/stream', time: now },
      { direction: 'incoming', protocol: 'srt', status: 'opening', url: 'srt://h/live/stream?key=k', time: now },
      { direction: 'outgoing', protocol: 'webrtc', status: 'closing', url: 'ws://h/live/stream', time: now },
      { direction: 'outgoing', protocol: 'webrtc', status: 'opening', url: 'ws://h/live/stream', time: '2001-01-01T00:00:00Z' },
      { direction: 'outgoing', protocol: 'webrtc', status: 'opening', url: '/live/stream', time: now },
      { direction: 'outgoing', protocol: 'webrtc', status: 'opening', url: 'ws://h/live/../live/stream', time: now }
    ]
  },
  exchange: body => ({
    method: 'POST',
    path: '/ome/admission',
    headers: { 'content-type': 'application/json', 'x-ome-signature': createHmac('sha1', SECRET).update(body).digest('base64url') },
    body
  }),
  expected (body, judge) {
    const message = judge.jsonObject(body)
    if (message === undefined || body.length > 64 * 1024 || !wellFormed(message)) return 'refuse'
    const { client, request } = message
    // a publish is decided by the same policy as a play (the run's has no stream-key rule): only openings are decisions
    if (request.status !== 'opening') return 'refuse'
    // ... on its URL without the key: where the stream name is the key (no key argument), the URL names the app alone
    if (request.direction === 'incoming' && !hasKeyArg(request.url as string)) return 'refuse'
    return judge.isAllowedAddress(client.address) && judge.isAllowedStream(request.url as string) ? 'allow' : 'refuse'
  },
  answered (status, _headers, body) {
    let answer: unknown
    try {
      answer = JSON.parse(body.toString())
    } catch {
      return { malformed: `HTTP ${status} with a body that is no JSON` }
    }
    const allowed = isObject(answer) ? answer.allowed : undefined
    if (status === 200 && allowed === true) return 'allow'
    if ((status === 200 || status === 403) && allowed === false) return 'refuse'
    if (status === 200 && isObject(answer) && Object.keys(answer).length === 0) return 'refuse'
    return { malformed: `HTTP ${status} ${body.toString().slice(0, 80)}` }
  }
}
