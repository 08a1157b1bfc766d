import { isIP } from 'node:net'
import type { AdapterFuzz } from '../../core/adapter.js'

const ALLOWED_IP = '198.51.100.7'
const DONE = ['publish_done', 'play_done', 'done', 'disconnect']
const CALLS = ['connect', 'publish', 'play', 'update_publish', 'update_play', ...DONE]
/** The schema's bounds on a field: a string or a list of at most 16, each at most 4096 characters. */
const MAX_REPEATS = 16
const MAX_LENGTH = 4096

/** JSON Schema counts a string's length in code points. */
const codePoints = (text: string): number => text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length

// no clientid: no message is held to the stream of an earlier one on its connection (tested apart)
const common = { tcurl: 'rtmp://127.0.0.1:1935/live', flashver: 'LNX 9,0,124,2', swfurl: '', pageurl: '' }

/**
 * nginx-rtmp's notify hooks under the generic fuzz run, as viewers' plays. No stream key exists, so no publish is
 * accepted; nginx ignores the answer to a `*_done` hook, which always gets 200. Whole names: `live` and `stream`.
 */
export const nginxRtmpFuzz: AdapterFuzz = {
  encoding: 'form',
  seeds: [
    { call: 'play', app: 'live', name: 'stream', addr: ALLOWED_IP, ...common },
    { call: 'update_play', app: 'live', name: 'stream', addr: `::ffff:${ALLOWED_IP}`, time: '30', ...common },
    { call: 'play', app: 'live', name: 'stream', addr: ALLOWED_IP, token: 'abc', args: 'token=abc&x=1', ...common }
  ],
  interesting: {
    call: ['play', 'update_play', 'Play', 'play ', 'connect', 'publish', 'update_publish', 'play_done', 'done', ['play', 'play'], ''],
    addr: ['198.51.100.70', `${ALLOWED_IP}:1935`, '::ffff:c633:6407', '127.0.0.1:1935/live', 'ngx-relay', 'unix:/tmp/x', [ALLOWED_IP, '203.0.113.9'], ''],
    app: ['live/', 'Live', 'live/stream', '..', '', ['live', 'vod']],
    name: ['stream/x', 'Stream', '../stream', 'stream?x=1', '', ['stream', 'other']],
    flashver: ['ngx-local-relay']
  },
  exchange: body => ({ method: 'POST', path: '/nginx-rtmp', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }),
  expected (body, judge) {
    const fields = new Map<string, string[]>()
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) fields.set(name, [...(fields.get(name) ?? []), value])
    const one = (name: string): string => fields.get(name)?.[0] ?? ''
    const call = fields.get('call')
    if (call?.length !== 1 || !CALLS.includes(one('call'))) return 'refuse'
    if (DONE.includes(one('call'))) return 'allow'
    for (const values of fields.values()) if (values.length > MAX_REPEATS || values.some(v => codePoints(v) > MAX_LENGTH)) return 'refuse'
    const address = one('addr')
    switch (one('call')) {
      // a connect is refused only for an address that has failed too often, which none has here
      case 'connect': return isIP(address) === 0 ? 'refuse' : 'allow'
      case 'play':
      case 'update_play':
        return judge.isAllowedAddress(address) && one('app') === 'live' && one('name') === 'stream' ? 'allow' : 'refuse'
      default: return 'refuse'
    }
  },
  answered (status, _headers, body) {
    if (body.length > 0) return { malformed: `HTTP ${status} with a body` }
    if (status === 200) return 'allow'
    if (status === 403) return 'refuse'
    return { malformed: `HTTP ${status}` }
  }
}
