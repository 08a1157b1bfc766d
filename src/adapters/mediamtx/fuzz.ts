import type { AdapterFuzz } from '../../core/adapter.js'
import { schemaById } from '../../schemas.js'

const ALLOWED_IP = '198.51.100.7'
/** MediaMTX's own rule for path names (internal/conf/path.go, IsValidPathName): no other character is ever sent. */
const PATH_NAME = /^[A-Za-z0-9_.~:/-]*$/

/** MediaMTX's HTTP authentication under the generic fuzz run: 2xx allows, 401 and 403 refuse, always with an empty body. */
export const mediamtxFuzz: AdapterFuzz = {
  encoding: 'json',
  seeds: [
    // the request body documented in mediamtx.yml (authHTTPAddress) and the README's "HTTP-based" section
    { user: '', password: '', token: '', ip: ALLOWED_IP, action: 'read', path: 'live/stream', protocol: 'hls', id: '2d35b9a4-f7c2-4a4a-9a7e-3c3d2e9f1a00', query: '' },
    { user: 'viewer', password: 'secret', ip: `::ffff:${ALLOWED_IP}`, action: 'playback', path: 'live/stream', protocol: 'webrtc', id: null, query: 'start=2026-12-01T05:00:00Z' },
    { ip: ALLOWED_IP, action: 'read', path: 'live/stream/sub', protocol: 'rtsp', query: 'token=abc' }
  ],
  interesting: {
    ip: ['198.51.100.70', `${ALLOWED_IP} `, '::ffff:c633:6407', '3328402439', [ALLOWED_IP], ''],
    action: ['read', 'playback', 'publish', 'api', 'metrics', 'pprof', 'Read', ''],
    path: ['live/stream', 'live%2fstream', 'live/../live/stream', '/live/stream', 'live//stream', 'live/streamx', 'live/stream/', '', 'live/stream?x'],
    protocol: ['rtsp', 'rtmp', 'hls', 'webrtc', 'srt', 'RTSP', 'h t', ''],
    query: ['', 'token=x#y', 'a=1?b=2', '%'],
    id: [null, '', 7]
  },
  exchange: body => ({ method: 'POST', path: '/mediamtx/auth', headers: { 'content-type': 'application/json' }, body }),
  expected (body, judge) {
    const message = judge.jsonObject(body)
    if (message === undefined || !judge.fits(schemaById('mediamtx/auth-request'), message)) return 'refuse'
    const { action, path, protocol, query } = message as { action: unknown, path: string, protocol: string, query?: string }
    // the run's policy does not look at the action: a publish is judged like a read
    if (action !== 'read' && action !== 'playback' && action !== 'publish') return 'refuse'
    if (!/^[a-z0-9]*$/.test(protocol) || (query ?? '').includes('#') || !PATH_NAME.test(path)) return 'refuse'
    // the stream is the whole path after the app, as MediaMTX serves it: nothing in the stream's folder is it
    return judge.isAllowedAddress(message.ip) && path === 'live/stream' ? 'allow' : 'refuse'
  },
  answered (status, _headers, body) {
    if (body.length !== 0) return { malformed: `HTTP ${status} with a body` }
    if (status === 200) return 'allow'
    if (status === 401 || status === 403) return 'refuse'
    return { malformed: `HTTP ${status}` }
  }
}
