import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { decodeBase64, parseUnsigned, safeEqual, splitPairs } from './encoding.js'
import { checkWindow, fail, pass, type Scheme, unsupported } from './scheme.js'
import { errors } from '../errors.js'

const TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ +](\d{1,2}):(\d{2}):(\d{2})[ +]?([AP]M)$/i

/** PHP's `n/j/Y g:i:s A` in UTC, read leniently (zero-padded fields too); Unix seconds, or undefined. */
export function parseServerTime (text: string): number | undefined {
  const m = TIME.exec(text)
  if (m === null) return undefined
  const [month, day, year, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || hour < 1 || hour > 12 || minute > 59 || second > 59) return undefined
  const hour24 = (hour % 12) + ((m[7] ?? '').toUpperCase() === 'PM' ? 12 : 0)
  const date = new Date(Date.UTC(year, month - 1, day, hour24, minute, second))
  if (date.getUTCDate() !== day) return undefined
  return date.getTime() / 1000
}

export function formatServerTime (unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000)
  const h = d.getUTCHours()
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

const md5 = (...parts: Array<string | Buffer>): Buffer =>
  createHash('md5').update(Buffer.concat(parts.map(p => typeof p === 'string' ? Buffer.from(p) : p))).digest()

const LONGEST_IP = 45

/** Some first part of `text` is an IP address. */
function startsWithIp (text: string): boolean {
  for (let k = 1; k <= Math.min(text.length, LONGEST_IP); k++) if (isIP(text.slice(0, k)) !== 0) return true
  return false
}

/** The first characters of `id` would continue `ip` into another address (198.51.100.7 + 4 is 198.51.100.74). */
function continuesIp (ip: string, id: string): boolean {
  for (let k = 1; k <= Math.min(id.length, LONGEST_IP); k++) if (isIP(ip + id.slice(0, k)) !== 0) return true
  return false
}

/**
 * The hash covers `ip + id` and `validminutes + stream` with nothing between, so one token could be read as
 * several. streamgate reads only the tokens with one reading: without an IP, no id that starts with an address;
 * with one, an address that is one and no id that would continue it; no signed stream that starts with a digit (it would continue
 * validminutes). Its signer makes no others.
 */
const ipLessReadable = (id: string): boolean => !startsWithIp(id)
const ipBoundReadable = (ip: string, id: string): boolean => isIP(ip) !== 0 && !continuesIp(ip, id)
const streamReadable = (stream: string): boolean => !/^\d/.test(stream)

/** The stream path the prefix is taken from, always ending in `/` so that a folder prefix (app/stream/) covers the stream itself. */
const streamSubject = (path: string): string => path.slice(1) + (path.endsWith('/') ? '' : '/')

/**
 * Nimble/WMSPanel hotlink protection: wmsAuthSign=base64("server_time=..&hash_value=..&validminutes=N[&strm_len=L][&id=ID][&checkip=true]"),
 * hash_value = base64(md5([IP] [ID] key server_time validminutes [first L characters of app/stream/...])).
 * Neither the IP nor the stream is in the token, so a wrong one shows as token-bad-signature.
 */
export const nimble: Scheme = {
  verifier (options, keys) {
    const param = options.param ?? 'wmsAuthSign'
    const skew = options.clockSkewSeconds
    return {
      verify (request, now) {
        const raw = request.url.query[param]
        if (raw === undefined || raw === '') return fail('token-missing')
        const decoded = raw.length <= 4096 ? decodeBase64(raw) : undefined
        const sig = decoded === undefined ? undefined : splitPairs(decoded.toString('utf8'), '&')
        if (sig === undefined) return fail('token-malformed')
        const serverTime = sig.get('server_time') ?? ''
        const issued = parseServerTime(serverTime)
        const validText = sig.get('validminutes') ?? ''
        const validMinutes = parseUnsigned(validText, 7)
        const hash = decodeBase64(sig.get('hash_value') ?? '')
        const strmLen = sig.has('strm_len') ? parseUnsigned(sig.get('strm_len'), 4) : 0
        const id = sig.get('id') ?? ''
        if (issued === undefined || validMinutes === undefined || hash?.length !== 16 || strmLen === undefined) return fail('token-malformed')
        const streamPath = streamSubject(request.url.path)
        if (strmLen > streamPath.length) return fail('token-path-mismatch')
        const signedStream = streamPath.slice(0, strmLen)
        const ipBound = options.nimble.requireIp || sig.get('checkip') === 'true'
        const ips = [...(ipBound || !ipLessReadable(id) ? [] : ['']), ...(ipBoundReadable(request.ip, id) ? [request.ip] : [])]
        if (ips.length === 0 || !streamReadable(signedStream)) return fail('token-malformed')
        const valid = keys.some(key => ips.some(ip => safeEqual(md5(ip + id, key.secret, serverTime + validText + signedStream), hash)))
        if (!valid) return fail('token-bad-signature')
        const window = checkWindow(now, skew, issued + validMinutes * 60, issued)
        if (!window.ok) return window
        return pass(issued + validMinutes * 60, id === '' ? undefined : id)
      }
    }
  },

  sign (params, options) {
    if (params.sessionId !== undefined) unsupported('nimble', 'a session id')
    if (params.ip !== undefined && isIP(params.ip) === 0) unsupported('nimble', 'a CIDR prefix or anything but one IP address')
    if (params.viewerId !== undefined && !/^[^&=]+$/.test(params.viewerId)) unsupported('nimble', 'a viewer id with & or =')
    const serverTime = formatServerTime(params.issuedAt)
    const validMinutes = String(Math.max(1, Math.ceil((params.expires - params.issuedAt) / 60)))
    const id = params.viewerId ?? ''
    if (params.ip === undefined ? !ipLessReadable(id) : !ipBoundReadable(params.ip, id)) {
      unsupported('nimble', `viewer id "${id}": it ${params.ip === undefined ? 'starts with an IP address' : 'would continue the IP address'}, so the token could be read another way`)
    }
    // by default the stream's folder with its separator: app/stream/ must not also open app/stream2
    const scope = (params.scope ?? `${params.path.split('/').slice(1, 3).join('/')}/`).replace(/^\//, '').replace(/\*$/, '')
    if (!streamSubject(params.path).startsWith(scope)) throw new errors.SignRefused(`scope ${scope} does not cover ${params.path}`)
    if (!streamReadable(scope)) unsupported('nimble', `a stream prefix that starts with a digit (${scope}): it would run into validminutes`)
    const hash = md5((params.ip ?? '') + id, params.key.secret, serverTime + validMinutes + scope).toString('base64')
    const sig = `server_time=${serverTime}&hash_value=${hash}&validminutes=${validMinutes}&strm_len=${scope.length}` +
      (id === '' ? '' : `&id=${id}`) + (params.ip === undefined ? '' : '&checkip=true')
    return { [options.param ?? 'wmsAuthSign']: Buffer.from(sig).toString('base64') }
  }
}
