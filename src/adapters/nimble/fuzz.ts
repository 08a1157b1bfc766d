import type { AdapterFuzz } from '../../core/adapter.js'
import { schemaById } from '../../schemas.js'

const ALLOWED_IP = '198.51.100.7'

/** Nimble's auth handler under the generic fuzz run: the one viewer of live/stream is allowed, return_code agrees with the status. */
export const nimbleFuzz: AdapterFuzz = {
  encoding: 'json',
  seeds: [
    { host: 'tv.example.com', url: '/live/stream/playlist.m3u8', ip: ALLOWED_IP, 'user-agent': 'VLC/3.0.20', referer: '', session_id: 7, session_type: 'HLS' },
    { url: 'live/stream/chunk_1.ts?nimblesessionid=9', ip: `::ffff:${ALLOWED_IP}`, user_agent: 'VLC/3.0.20' },
    { url: 'https://cdn.example.com/live/stream/manifest.mpd', ip: ALLOWED_IP, session_type: 'DASH' }
  ],
  interesting: {
    ip: ['198.51.100.70', `${ALLOWED_IP} `, '::ffff:c633:6407', '3328402439', [ALLOWED_IP], ''],
    url: ['/live/stream', '/live/stream%2fx', '/live/../live/stream/p', '//live/stream', '/live/streamx/p', '%', '']
  },
  exchange: body => ({ method: 'POST', path: '/nimble/auth', headers: { 'content-type': 'application/json' }, body }),
  expected (body, judge) {
    const message = judge.jsonObject(body)
    if (message === undefined || !judge.fits(schemaById('nimble/auth-request'), message)) return 'refuse'
    const host = typeof message.host === 'string' ? message.host : ''
    return judge.isAllowedAddress(message.ip) && judge.isAllowedStream(message.url as string, host) ? 'allow' : 'refuse'
  },
  answered (status, _headers, body) {
    let code: unknown
    try {
      code = (JSON.parse(body.toString()) as { return_code?: unknown }).return_code
    } catch {
      return { malformed: `HTTP ${status} with a body that is no JSON` }
    }
    if (status === 200 && code === 200) return 'allow'
    if (status === 403 && code === 403) return 'refuse'
    return { malformed: `HTTP ${status} with return_code ${String(code)}` }
  }
}
