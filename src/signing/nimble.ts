import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { decodeBase64, parseUnsigned, safeEqual, splitPairs } from './encoding.js'
import { checkWindow, fail, pass, type Scheme, unsupported } from './scheme.js'
import type { SignedTokenOptions } from '../generated/rules/signed-token.js'
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

/**
 * The hash covers `ip + id` and `validminutes + stream` with nothing between, so the same bytes are several tokens:
 * 10.0.0.1 with id 23 is 10.0.0.123 with none, validminutes 10 for 1tv/news is 101 for tv/news, and no verifier can
 * tell which one was signed. streamgate reads only the tokens of a set in which no two share their bytes, and refuses
 * every other, its signer's (which keeps to the set) and Nimble's recipe's alike:
 * - without an IP, an id that does not start with an address;
 * - after an address without a zone, an id that does not start with a character that can continue an address of its
 *   family (IPv4: a digit; IPv6: a hex digit, `.`, `:`, `%`): cutting the address shorter leaves the id starting with
 *   one, cutting it longer takes the id's first into it;
 * - a signed stream that does not start with a digit (it would continue validminutes), or validminutes pinned to
 *   nimble.validMinutes, none of whose values begins another.
 * A token from outside the set can still be re-read as one inside it (10.0.0.1 with id 23 from 10.0.0.123), which is
 * why every signer of the key must keep to it (README, Nimble wmsAuthSign).
 */
const ipLessReadable = (id: string): boolean => !startsWithIp(id)
const ipBoundReadable = (ip: string, id: string): boolean => {
  const family = isIP(ip)
  return (family === 4 && !/^\d/.test(id)) || (family === 6 && !ip.includes('%') && !/^[\dA-Fa-f.:%]/.test(id))
}
const minutesReadable = (validText: string, stream: string, pinned: string[] | undefined): boolean =>
  pinned === undefined ? !/^\d/.test(stream) : pinned.includes(validText)

/** nimble.validMinutes as the texts a token may carry; refused when one begins another (10 for 0live/ is 100 for live/). */
function pinnedMinutes (options: SignedTokenOptions): string[] | undefined {
  const pinned = options.nimble.validMinutes?.map(String)
  for (const a of pinned ?? []) {
    const longer = pinned?.find(b => b !== a && b.startsWith(a))
    if (longer !== undefined) throw new errors.OptionInvalid(`nimble.validMinutes: ${a} begins ${longer}, so a token could be read with either; pin values none of which begins another`)
  }
  return pinned
}

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
    const pinned = pinnedMinutes(options)
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
        if (ips.length === 0 || !minutesReadable(validText, signedStream, pinned)) return fail('token-malformed')
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
    if (params.ip !== undefined && (isIP(params.ip) === 0 || params.ip.includes('%'))) unsupported('nimble', 'a CIDR prefix, a zone or anything but one IP address')
    if (params.viewerId !== undefined && !/^[^&=]+$/.test(params.viewerId)) unsupported('nimble', 'a viewer id with & or =')
    const serverTime = formatServerTime(params.issuedAt)
    const validMinutes = String(Math.max(1, Math.ceil((params.expires - params.issuedAt) / 60)))
    const pinned = pinnedMinutes(options)
    if (pinned !== undefined && !pinned.includes(validMinutes)) throw new errors.SignRefused(`validminutes ${validMinutes} is not one of nimble.validMinutes (${pinned.join(', ')})`)
    const id = params.viewerId ?? ''
    if (params.ip === undefined ? !ipLessReadable(id) : !ipBoundReadable(params.ip, id)) {
      unsupported('nimble', `viewer id "${id}": it ${params.ip === undefined ? 'starts with an IP address' : 'starts with a character that can continue the IP address'}, so the token could be read another way`)
    }
    // by default the stream's folder with its separator: app/stream/ must not also open app/stream2
    const scope = (params.scope ?? `${params.path.split('/').slice(1, 3).join('/')}/`).replace(/^\//, '').replace(/\*$/, '')
    if (!streamSubject(params.path).startsWith(scope)) throw new errors.SignRefused(`scope ${scope} does not cover ${params.path}`)
    if (!minutesReadable(validMinutes, scope, pinned)) unsupported('nimble', `a stream prefix that starts with a digit (${scope}) without nimble.validMinutes: it would run into validminutes`)
    const hash = md5((params.ip ?? '') + id, params.key.secret, serverTime + validMinutes + scope).toString('base64')
    const sig = `server_time=${serverTime}&hash_value=${hash}&validminutes=${validMinutes}&strm_len=${scope.length}` +
      (id === '' ? '' : `&id=${id}`) + (params.ip === undefined ? '' : '&checkip=true')
    return { [options.param ?? 'wmsAuthSign']: Buffer.from(sig).toString('base64') }
  }
}
