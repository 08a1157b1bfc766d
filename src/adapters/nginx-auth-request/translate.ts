import type { BlockList } from 'node:net'
import { parseCookie } from 'cookie'
import { type AccessRequest, parseStreamUrl, UrlParseError } from '../../core/access-request.js'
import type { PathRefusalReason, PathRules } from '../../core/canonical-path.js'
import type { Decision } from '../../core/decision.js'
import type { NginxAuthRequestAdapterConfig } from '../../generated/nginx-auth-request/config.js'
import type { NginxAuthRequestHeaders } from '../../generated/nginx-auth-request/headers.js'
import { canonicalAddress, matches } from '../../core/address.js'
import { isHeaderSafe } from '../header-value.js'

export interface TranslateOptions {
  /** Which of X-Real-IP and X-Forwarded-For the auth location sets. */
  addressHeader: NginxAuthRequestAdapterConfig['addressHeader']
  /** Proxies in front of nginx; undefined when none is trusted. */
  trusted: BlockList | undefined
  sessionCookie: string
  dashPrefixes: readonly string[]
  pathRules: PathRules
}

export type RefusalReason = 'no-original-uri' | 'bad-uri' | 'no-client-ip' | 'bad-client-ip' | PathRefusalReason

export interface Refusal {
  refused: RefusalReason
  detail: string
}

const refusal = (refused: RefusalReason, detail: string): Refusal => ({ refused, detail })

const HLS = /\.(?:m3u8|ts|key|aac)$/i
const DASH = /\.mpd$/i
const DASH_SEGMENT = /\.(?:m4s|mp4)$/i

export function protocolOf (path: string, dashPrefixes: readonly string[]): string {
  if (HLS.test(path)) return 'HLS'
  if (DASH.test(path)) return 'DASH'
  if (DASH_SEGMENT.test(path) && dashPrefixes.some(prefix => path.startsWith(prefix))) return 'DASH'
  return 'HTTP'
}

const SET_REAL_IP = 'proxy_set_header X-Real-IP $remote_addr;'
const SET_FORWARDED_FOR = 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;'

/** X-Forwarded-For's entries, trimmed, empty ones dropped; one entry (a viewer straight to nginx) without splitting. */
function hopsOf (header: string | undefined): string[] {
  if (header === undefined) return []
  if (!header.includes(',')) {
    const hop = header.trim()
    return hop === '' ? [] : [hop]
  }
  return header.split(',').map(hop => hop.trim()).filter(hop => hop !== '')
}

/**
 * The viewer's address, read only from what the auth location sets: auth_request passes the viewer's own headers on
 * and proxy_set_header replaces only the ones it names, so a header nginx does not set is the viewer's word. both (the
 * recipe): X-Real-IP must be X-Forwarded-For's last entry, as $proxy_add_x_forwarded_for ends with $remote_addr, so a
 * header the viewer made up where nginx sets only the other is caught; the hops are X-Forwarded-For's entries.
 * x-real-ip: the hops are X-Forwarded-For's entries followed by X-Real-IP. x-forwarded-for: X-Forwarded-For's entries.
 * The client is the first hop from the right that is not a trusted proxy, so with none trusted it is nginx's peer; its
 * address canonical (one host is one key wherever addresses are counted or compared).
 */
export function clientIp (headers: NginxAuthRequestHeaders, options: Pick<TranslateOptions, 'addressHeader' | 'trusted'>): string | Refusal {
  const { addressHeader, trusted } = options
  const forwardedFor = hopsOf(headers['x-forwarded-for'])
  const realIp = (headers['x-real-ip'] ?? '').trim()
  if (addressHeader !== 'x-forwarded-for' && realIp === '') return refusal('no-client-ip', `X-Real-IP header missing: add ${SET_REAL_IP} to the auth location`)
  if (addressHeader !== 'x-real-ip' && forwardedFor.length === 0) return refusal('no-client-ip', `X-Forwarded-For header missing: add ${SET_FORWARDED_FOR} to the auth location`)
  if (addressHeader === 'both' && forwardedFor.at(-1) !== realIp) {
    return refusal('no-client-ip', `X-Forwarded-For does not end with X-Real-IP, so nginx sets only one of them: add both ${SET_REAL_IP} and ${SET_FORWARDED_FOR} to the auth location, or set adapters.nginx.addressHeader to the one it sets`)
  }
  const hops = addressHeader === 'x-real-ip' ? [...forwardedFor, realIp] : forwardedFor
  for (let i = hops.length - 1; ; i--) {
    const hop = canonicalAddress(hops[i] as string)
    if (hop === undefined) return refusal('bad-client-ip', `hop ${hops.length - i} from the right is not an IP address`)
    if (i === 0 || trusted === undefined || !matches(trusted, hop)) return hop
  }
}

const asSent = (value: string): string => value

/** Values exactly as sent (not percent-decoded), as nginx's $cookie_<name> has them for signatures made there. */
function cookiesOf (header: string): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>
  for (const [name, value] of Object.entries(parseCookie(header, { decode: asSent }))) if (value !== undefined) cookies[name] = value
  return cookies
}

/** The original request, as the subrequest's headers describe it; a Refusal when they cannot. */
export function toAccessRequest (headers: NginxAuthRequestHeaders, options: TranslateOptions): AccessRequest | Refusal {
  const uri = headers['x-original-uri'] ?? ''
  if (uri === '') return refusal('no-original-uri', 'X-Original-URI header missing: add proxy_set_header X-Original-URI $request_uri; to the auth location')
  if (!uri.startsWith('/')) return refusal('bad-uri', 'X-Original-URI does not start with /')
  const ip = clientIp(headers, options)
  if (typeof ip !== 'string') return ip
  const host = headers.host ?? ''
  let url
  try {
    // $request_uri is the raw request line's bytes, which Node hands over as latin1 characters
    url = parseStreamUrl(uri, { host, rules: options.pathRules, bytes: 'latin1' })
  } catch (err) {
    if (!(err instanceof UrlParseError)) throw err
    return refusal(err.reason === 'bad-url' ? 'bad-uri' : err.reason, err.message)
  }
  const sentMethod = headers['x-original-method'] ?? 'GET'
  const method = sentMethod === 'GET' ? sentMethod : sentMethod.toUpperCase()
  const cookies = cookiesOf(headers.cookie ?? '')
  return {
    action: method === 'GET' || method === 'HEAD' || method === '' ? 'play' : 'publish',
    protocol: protocolOf(url.path, options.dashPrefixes),
    host,
    url,
    ip,
    userAgent: headers['user-agent'] ?? '',
    referer: headers.referer ?? '',
    sessionId: cookies[options.sessionCookie] ?? '',
    cookies,
    raw: headers
  }
}

export interface Answer {
  status: 204 | 401 | 403
  /** For the error_page recipe: auth_request_set $redirect $upstream_http_x_redirect_location. */
  location?: string
}

const ALLOW: Answer = Object.freeze({ status: 204 })
const FORBIDDEN: Answer = Object.freeze({ status: 403 })
/** A configured redirect's longest: a longer header (a custom rule's) would overflow nginx's proxy_buffer_size, a 500. */
const MAX_LOCATION = 2048

/** Whether a location can travel in a header nginx reads: a header value (no line break) within its buffer. */
export const sendable = (location: string): boolean => isHeaderSafe(location) && location.length <= MAX_LOCATION

/**
 * nginx passes only 401 and 403 on to the viewer, so a redirect travels as a 401 with its location in a
 * header; a location that cannot be a header value (a misconfigured one with a line break) or is too long for nginx's
 * header buffer is a 403.
 */
export function toAnswer (decision: Decision, denyStatus: 401 | 403): Answer {
  switch (decision.outcome) {
    case 'allow': return ALLOW
    case 'redirect': return sendable(decision.location) ? { status: 401, location: decision.location } : FORBIDDEN
    // a redirect refused as unsendable is no 401 either: the error_page recipe would redirect to nowhere
    case 'deny': return denyStatus === 403 || decision.reason === 'bad-redirect-location' ? FORBIDDEN : { status: denyStatus }
  }
}
