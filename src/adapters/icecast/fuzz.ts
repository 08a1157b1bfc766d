import type { AdapterFuzz } from '../../core/adapter.js'
import { schemaById } from '../../schemas.js'

const ALLOWED_IP = '198.51.100.7'
const DIGITS = /^[0-9]+$/

/** Fields whose form the wire schema fixes beyond type and length, read apart from the schema validator. */
function wellFormed (message: Readonly<Record<string, unknown>>): boolean {
  const digits = (name: string, most: number): boolean => message[name] === undefined ||
    (typeof message[name] === 'string' && DIGITS.test(message[name]) && message[name].length <= most)
  // fields beyond Icecast's own (the headers option adds some) are strings of at most 4096 characters
  const fitting = Object.values(message).every(value => typeof value === 'string' && Array.from(value).length <= 4096)
  return fitting && typeof message.mount === 'string' && message.mount.startsWith('/') && digits('port', 5) && digits('client', 20) && digits('duration', 20)
}

/** A form read by WHATWG rules, not node:querystring as the adapter host does; a field given twice is no message. */
function formObject (body: Buffer): Record<string, unknown> | undefined {
  const form = new URLSearchParams(body.toString('utf8'))
  const message: Record<string, unknown> = {}
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1 || name === '__proto__') return undefined
    message[name] = form.get(name)
  }
  return message
}

/** Icecast's listener_add under the generic fuzz run: the one listener of /live/stream is admitted by the auth header. */
export const icecastFuzz: AdapterFuzz = {
  config: { hookAuth: { allowFrom: ['0.0.0.0/0', '::/0'] } },
  encoding: 'form',
  seeds: [
    { action: 'listener_add', server: 'radio.example.com', port: '8000', client: '1', mount: '/live/stream', user: '', pass: '', ip: ALLOWED_IP, agent: 'My player' },
    { action: 'listener_add', server: '127.0.0.1', port: '8000', client: '42', mount: '/live/stream?token=a%2Fb&x=1', ip: ALLOWED_IP, agent: 'VLC/3.0.20' }
  ],
  interesting: {
    action: ['listener_remove', 'stream_auth', 'mount_add', 'LISTENER_ADD', ''],
    ip: ['198.51.100.70', `${ALLOWED_IP} `, '::ffff:198.51.100.7', '3328402439', ''],
    mount: ['/live/stream.mp3', '/live/stream%2fx', '/live/../live/stream', '//live/stream', '/live/streamx', 'live/stream', '%', ''],
    client: ['1.5', '-1', '']
  },
  exchange: body => ({ method: 'POST', path: '/icecast/auth', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }),
  expected (body, judge) {
    const message = formObject(body)
    if (message === undefined || !judge.fits(schemaById('icecast/auth-request'), message) || !wellFormed(message)) return 'refuse'
    if (message.action !== 'listener_add') return 'refuse'
    const host = typeof message.server === 'string' ? message.server : ''
    return judge.isAllowedAddress(message.ip) && judge.isAllowedStream(message.mount as string, host) ? 'allow' : 'refuse'
  },
  answered (status, headers) {
    const admitted = headers['icecast-auth-user'] === '1'
    if (status === 200 && admitted) return 'allow'
    if (!admitted && (status === 200 || status === 403)) return 'refuse'
    return { malformed: `HTTP ${status} with icecast-auth-user ${String(headers['icecast-auth-user'])}` }
  }
}
