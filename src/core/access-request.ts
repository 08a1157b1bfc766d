import { errors } from '../errors.js'
export type Action = 'play' | 'publish'

export interface StreamUrl {
  /** Absolute URL as the viewer asked for it. */
  href: string
  /** Decoded path, always starting with `/`. */
  path: string
  /** First path segment: the media server's application. */
  app: string
  /** Second path segment: the stream name ('' when absent). */
  stream: string
  /** Query parameters; the first value wins when a name repeats. */
  query: Readonly<Record<string, string>>
}

/** What every adapter produces and every rule reads. */
export interface AccessRequest {
  action: Action
  /** Upper-case protocol name: HLS, DASH, RTMP, SLDP... */
  protocol: string
  host: string
  url: StreamUrl
  ip: string
  userAgent: string
  referer: string
  sessionId: string
  cookies?: Readonly<Record<string, string>>
  /** Viewer or account id established by an earlier rule (a signed token, say). */
  viewerId?: string
  /** The adapter's message as received. */
  raw: unknown
}

/** A url nothing can be made of (SG_URL_INVALID): adapters refuse the request. */
export const UrlParseError = errors.UrlInvalid

/**
 * Parses a stream URL that may be absolute or a path only; `host` completes a path.
 * Throws UrlParseError when neither yields a URL.
 */
export function parseStreamUrl (url: string, host: string): StreamUrl {
  let parsed: URL
  try {
    parsed = new URL(url, `http://${host || 'localhost'}`)
  } catch {
    throw new UrlParseError('url is not a URL or path')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && !parsed.pathname.startsWith('/')) {
    throw new UrlParseError('url has no path')
  }
  let path: string
  try {
    // decoded as a whole, as nginx does before it serves a path: /live/vip%2Fx is served from live/vip/
    path = decodeURIComponent(parsed.pathname)
  } catch {
    throw new UrlParseError('url path is not valid percent-encoding')
  }
  const segments = path.split('/')
  const query: Record<string, string> = {}
  for (const [name, value] of parsed.searchParams) {
    if (!(name in query)) query[name] = value
  }
  return {
    href: parsed.href,
    path,
    app: segments[1] ?? '',
    stream: segments[2] ?? '',
    query
  }
}
