import type { AdapterFuzz } from '../../core/adapter.js'
import { schemaById } from '../../schemas.js'

const ALLOWED_IP = '198.51.100.7'
const ACTIONS = ['on_connect', 'on_close', 'on_publish', 'on_unpublish', 'on_play', 'on_stop', 'on_dvr', 'on_hls']

/** SRS's http_hooks under the generic fuzz run: 200 {"code":0} goes on, 403 {"code":403} refuses. */
export const srsFuzz: AdapterFuzz = {
  encoding: 'json',
  seeds: [
    // SRS 6 docs, "HTTP Callback": on_play with server_id, stream_url and stream_id
    { server_id: 'vid-0xk989d', action: 'on_play', client_id: '341w361a', ip: ALLOWED_IP, vhost: '__defaultVhost__', app: 'live', tcUrl: 'rtmp://127.0.0.1:1935/live', stream: 'stream', param: '', stream_url: '/live/stream', stream_id: 'vid-124q9y3' },
    // SRS 3 conf/full.conf: a numeric client_id, a param, no server_id
    { action: 'on_play', client_id: 1985, ip: `::ffff:${ALLOWED_IP}`, vhost: 'video.test.com', app: 'live', stream: 'stream', param: '?token=xxx&salt=yyy', pageUrl: 'http://www.test.com/live.html' },
    { action: 'on_stop', client_id: 1985, ip: ALLOWED_IP, vhost: 'video.test.com', app: 'live', stream: 'stream', param: '?token=xxx&salt=yyy' }
  ],
  interesting: {
    action: [...ACTIONS, 'on_Play', 'play', ''],
    ip: ['198.51.100.70', `${ALLOWED_IP} `, '::ffff:c633:6407', '3328402439', [ALLOWED_IP], ''],
    app: ['live', 'live/', 'live/stream', '..', '%6cive', 'Live', ''],
    stream: ['stream', 'stream/x', '../live/stream', 'stream%2fx', 'stream?x', 'stream.flv', ''],
    param: ['', '?', '?token=a?key=b', '?a=1#b', 'key=1', '??'],
    client_id: ['', 0, -1, 1.5, null]
  },
  exchange: body => ({ method: 'POST', path: '/srs/hooks', headers: { 'content-type': 'application/json' }, body }),
  expected (body, judge) {
    const message = judge.jsonObject(body)
    if (message === undefined || !judge.fits(schemaById('srs/hook'), message) || !ACTIONS.includes(message.action as string)) return 'refuse'
    // on_connect (no address is locked out here), on_stop, on_unpublish, on_close, on_dvr and on_hls go on
    if (message.action !== 'on_play' && message.action !== 'on_publish') return 'allow'
    // the run's policy does not look at the action: a publish is judged like a play
    return judge.isAllowedAddress(message.ip) && message.app === 'live' && message.stream === 'stream' ? 'allow' : 'refuse'
  },
  answered (status, _headers, body) {
    let code: unknown
    try {
      code = (JSON.parse(body.toString()) as { code?: unknown }).code
    } catch {
      return { malformed: `HTTP ${status} with a body that is no JSON` }
    }
    if (status === 200 && code === 0) return 'allow'
    if (status === 403 && code === 403) return 'refuse'
    return { malformed: `HTTP ${status} with code ${String(code)}` }
  }
}
