import { errors } from '../errors.js'
import { canonicalPath, isPlainPath, type PathRefusalReason, type PathRules, requestPathFor } from './canonical-path.js'
import { memoize } from './memo.js'

export type Action = 'play' | 'publish'

export interface StreamUrl {
  /** Absolute URL of the canonical path, with the query as sent. */
  href: string
  /** The canonical path: decoded, resolved as the media server resolves it, always starting with `/`. */
  path: string
  /** First path segment: the media server's application. */
  app: string
  /** Second path segment: the stream name ('' when absent). */
  stream: string
  /** Query parameters; the first value wins when a name repeats. */
  query: Readonly<Record<string, string>>
}

/**
 * What a publisher proves its right to publish with, as its media server sent it. Adapters keep the key out of
 * `url` (where nginx-rtmp's published name is the key, `url.stream` is empty): this is never logged or shown.
 */
export interface PublishCredentials {
  /** The stream key as presented. */
  key?: string
  /** Nimble's `publishsign`: the operator's signed permission for this stream (and address). */
  publishSign?: string
  /** Whether the media server can publish under another name than the one asked for (nginx-rtmp can; Nimble cannot). */
  canRename: boolean
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
  /** Publish only. */
  publish?: Readonly<PublishCredentials>
  /** The adapter's message as received. */
  raw: unknown
}

/** Why a URL was refused: it is no URL at all (`bad-url`), or its path cannot be made canonical. */
export type UrlRefusalReason = 'bad-url' | PathRefusalReason

/** A url nothing can be made of (SG_URL_INVALID), with the reason adapters refuse the request for. */
export class UrlParseError extends errors.UrlInvalid {
  constructor (readonly reason: UrlRefusalReason, message: string) {
    super(message)
  }
}

export interface StreamUrlOptions {
  /** Completes a URL that is a path only. */
  host: string
  rules: PathRules
  /** How the URL's characters stand for bytes: `latin1` for an HTTP header as Node reads it, `utf8` for JSON text. */
  bytes: 'latin1' | 'utf8'
}

/** `scheme://authority` at the start of an absolute URL. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^/?#@]*@)?([^/?#]*)/

/** The query of an href the URL parser wrote: after its first `?` (a path's is escaped), and it has no fragment. */
function queryIn (href: string): string {
  const start = href.indexOf('?')
  return start === -1 ? '' : href.slice(start + 1)
}

/**
 * Splits a request target the way the media server does: the path ends at the first raw `?` or `#`, the query
 * runs from that `?` to the next `#`.
 */
function splitTarget (target: string): { path: string, query: string } {
  const end = target.search(/[?#]/)
  if (end === -1) return { path: target, query: '' }
  if (target[end] === '#') return { path: target.slice(0, end), query: '' }
  const fragment = target.indexOf('#', end)
  return { path: target.slice(0, end), query: target.slice(end + 1, fragment === -1 ? undefined : fragment) }
}

/**
 * Parses a stream URL that may be absolute or a path only. Its path is made canonical (see canonical-path.ts)
 * before anything reads it. Throws UrlParseError when that cannot be done.
 */
export function parseStreamUrl (url: string, { host, rules, bytes }: StreamUrlOptions): StreamUrl {
  const absolute = ABSOLUTE.exec(url)
  const scheme = absolute?.[1]?.toLowerCase() ?? 'http'
  const authority = absolute === null ? (host || 'localhost') : absolute[2] ?? ''
  if (absolute === null && SCHEME.test(url)) throw new UrlParseError('path-not-absolute', 'url has a scheme but no path')
  // a path without its leading slash (live/stream/playlist.m3u8) is read from the root, as a browser would
  const target = absolute !== null ? url.slice(absolute[0].length) : url.startsWith('/') ? url : '/' + url
  const { path: rawPath, query: rawQuery } = splitTarget(target)
  const verbatimPath = PLAIN_VERBATIM_PATH.test(rawPath)
  const path = verbatimPath ? rawPath : canonicalPathOf(rawPath, rules, bytes)
  const plainQuery = VERBATIM_PLAIN_QUERY.test(rawQuery)
  const verbatim = (plainQuery || VERBATIM_QUERY.test(rawQuery)) && (verbatimPath || VERBATIM_PATH.test(path))
  const href = hrefOf(scheme, authority, path, rawQuery, verbatim)
  // the query in href, as the URL parser wrote it (it drops tabs and line breaks, and a trailing space): rules that
  // read href (a token as sent) and rules that read the query must see the same pairs. Most queries it writes as sent.
  return streamUrl(href, path, plainQuery ? splitQuery(rawQuery) : parseQuery(queryIn(href)))
}

function canonicalPathOf (rawPath: string, rules: PathRules, bytes: StreamUrlOptions['bytes']): string {
  if (isPlainPath(rawPath)) return rawPath
  const canonical = canonicalPath(Buffer.from(rawPath, bytes), rules)
  if ('refused' in canonical) throw new UrlParseError(canonical.refused, canonical.detail)
  return canonical.path
}

function streamUrl (href: string, path: string, query: Record<string, string>): StreamUrl {
  // path.split('/')[1] and [2], without making every segment
  const appEnd = segmentEnd(path, 1)
  const stream = appEnd === path.length ? '' : path.slice(appEnd + 1, segmentEnd(path, appEnd + 1))
  return { href, path, app: path.slice(1, appEnd), stream, query }
}

function segmentEnd (path: string, start: number): number {
  const slash = path.indexOf('/', start)
  return slash === -1 ? path.length : slash
}

/** `scheme://authority` as the URL parser writes it (host lower-cased, default port dropped), or null when it has no valid host. */
function originIn (base: string): string | null {
  try {
    return new URL('/', base).href.slice(0, -1)
  } catch {
    return null
  }
}

const originOfBase = memoize(originIn, 1024)
// the schemes nearly every request has, remembered by authority alone: a key made by concatenation had to be
// flattened and hashed on every request
const httpOrigin = memoize(authority => originIn('http://' + authority), 1024)
const httpsOrigin = memoize(authority => originIn('https://' + authority), 1024)

function originOf (scheme: string, authority: string): string | null {
  if (scheme === 'http') return httpOrigin(authority)
  if (scheme === 'https') return httpsOrigin(authority)
  return originOfBase(`${scheme}://${authority}`)
}

/** A path and a query the URL parser would write unchanged: no character it escapes, drops or resolves. */
const VERBATIM_PATH = /^(?:\/(?!\.\.?(?:\/|$))[\w.!~*'()-]+)*\/?$/
const VERBATIM_QUERY = /^[!$-&(-;=?-~]*$/
/** Most paths and queries are both of those and plain (isPlainPath, PLAIN_QUERY): checked in one pass each. */
const PLAIN_VERBATIM_PATH = /^(?=\/)(?:\/[\w~!'()*-](?:[\w.~!'()*-]*[\w~!'()*-])?)*\/?$/
const VERBATIM_PLAIN_QUERY = /^[!$&(-*,-;=?-~]*$/

/**
 * The absolute URL of a canonical path with the query as sent (`verbatim` when VERBATIM_PATH and VERBATIM_QUERY
 * hold for them): what `new URL` makes of it, without parsing the common case again.
 */
function hrefOf (scheme: string, authority: string, path: string, rawQuery: string, verbatim: boolean): string {
  const origin = originOf(scheme, authority)
  if (origin === null) throw new UrlParseError('bad-url', 'url has no valid host')
  const search = rawQuery === '' ? '' : '?' + rawQuery
  if (verbatim) return origin + path + search
  try {
    return new URL(requestPathFor(path) + search, `${scheme}://${authority}`).href
  } catch {
    throw new UrlParseError('bad-url', 'url has no valid host')
  }
}

/** A query pair's name as URLSearchParams reads it (`+` a space, escapes decoded), a leading `?` kept as part of it. */
export function pairName (pair: string): string {
  // the & in front: URLSearchParams would drop a ? that starts its text
  return new URLSearchParams('&' + pair).keys().next().value ?? ''
}

/** ASCII without escapes (% and +): what URLSearchParams would decode reads as written. */
const PLAIN_QUERY = /^[\0-$&-*,-\x7f]*$/

/**
 * The prototype of every query: a frozen empty object, so that no name is inherited (`toString`, `__proto__` are
 * parameters like any other) while V8 keeps the query a fast object (one made with `Object.create(null)` it keeps
 * as a slow dictionary). A name is asked for by reading it, never with `in`: V8 answers `in` for a name just cut
 * from the text in its runtime.
 */
const NO_NAMES = Object.freeze(Object.create(null) as object)

/** Query parameters as URLSearchParams reads them, the first value of a repeated name winning; split by hand when nothing is escaped. */
function parseQuery (rawQuery: string): Record<string, string> {
  if (PLAIN_QUERY.test(rawQuery)) return splitQuery(rawQuery)
  const query = Object.create(NO_NAMES) as Record<string, string>
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (query[name] === undefined) query[name] = value
  }
  return query
}

/** A query without escapes read as URLSearchParams reads it: `&`-separated pairs, each name up to its first `=`. */
function splitQuery (rawQuery: string): Record<string, string> {
  const query = Object.create(NO_NAMES) as Record<string, string>
  // as URLSearchParams does: one leading ? is not part of the first name
  let start = rawQuery.startsWith('?') ? 1 : 0
  // the first = from start on, searched for again only once passed: pairs without one cannot make the reading quadratic
  let equals = -2
  while (start < rawQuery.length) {
    const amp = rawQuery.indexOf('&', start)
    const end = amp === -1 ? rawQuery.length : amp
    if (equals !== -1 && equals < start) equals = rawQuery.indexOf('=', start)
    if (end > start) {
      const hasValue = equals !== -1 && equals < end
      const name = rawQuery.slice(start, hasValue ? equals : end)
      if (query[name] === undefined) query[name] = hasValue ? rawQuery.slice(equals + 1, end) : ''
    }
    start = end + 1
  }
  return query
}
