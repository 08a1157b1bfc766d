import { type BlockList, isIP } from 'node:net'
import { parseCookie } from 'cookie'
import { type AccessRequest, parseStreamUrl, UrlParseError } from '../../core/access-request.js'
import type { PathRefusalReason, PathRules } from '../../core/canonical-path.js'
import type { Decision } from '../../core/decision.js'
import type { NginxAuthRequestHeaders } from '../../generated/nginx-auth-request/headers.js'
import { matches } from '../../core/address.js'
import { isHeaderSafe } from '../header-value.js'

export interface TranslateOptions {
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

/**
 * The viewer's address: the hops are X-Forwarded-For's entries followed by X-Real-IP, and the client is
 * the first one from the right that is not a trusted proxy. A client-supplied X-Forwarded-For is thus
 * never believed unless every hop after it is trusted.
 */
export function clientIp (forwardedFor: string, realIp: string, trusted: BlockList | undefined): string | Refusal {
  const hops = [...forwardedFor.split(','), realIp].map(hop => hop.trim()).filter(hop => hop !== '')
  if (hops.length === 0) return refusal('no-client-ip', 'neither X-Real-IP nor X-Forwarded-For: add proxy_set_header X-Real-IP $remote_addr; to the auth location')
  for (let i = hops.length - 1; ; i--) {
    const hop = hops[i] as string
    if (isIP(hop) === 0) return refusal('bad-client-ip', `hop ${hops.length - i} from the right is not an IP address`)
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
  const ip = clientIp(headers['x-forwarded-for'] ?? '', headers['x-real-ip'] ?? '', options.trusted)
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
  const method = (headers['x-original-method'] ?? 'GET').toUpperCase()
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

/**
 * nginx passes only 401 and 403 on to the viewer, so a redirect travels as a 401 with its location in a
 * header; a location that cannot be a header value (a misconfigured one with a line break) or is too long for nginx's
 * header buffer is a 403.
 */
export function toAnswer (decision: Decision, denyStatus: 401 | 403): Answer {
  switch (decision.outcome) {
    case 'allow': return ALLOW
    case 'redirect': return isHeaderSafe(decision.location) && decision.location.length <= MAX_LOCATION ? { status: 401, location: decision.location } : FORBIDDEN
    case 'deny': return denyStatus === 403 ? FORBIDDEN : { status: denyStatus }
  }
}
