/**
 * The path a media server will serve for what it was asked, made once per request before anything reads it.
 *
 * `nginx` rules are nginx's own for `$uri` (ngx_http_parse_complex_uri on Linux, merge_slashes on): cut at the
 * first raw `?` or `#`, percent-decode once (a decoded `/` or `.` counts as one), merge slashes, drop `.`
 * segments, let `..` remove the segment before it. A backslash, a trailing dot and letter case are plain
 * characters there, as on nginx's Linux build.
 *
 * `strict` rules are for a server whose own rules are not known (Nimble) or when the request goes on to one
 * (nginx `proxy_pass` without a URI passes the raw request on): every request two servers could read as two
 * different paths is refused instead of guessed — dot segments, empty segments, encoded or raw backslashes and
 * slashes, what is left encoded after one decoding, and names that end in a dot (Windows drops it).
 */
export type PathRules = 'nginx' | 'strict'

export const PATH_REFUSALS = [
  'path-not-absolute',
  'path-bad-encoding',
  'path-nul',
  'path-control-char',
  'path-above-root',
  'path-dot-segment',
  'path-empty-segment',
  'path-encoded-separator',
  'path-backslash',
  'path-double-encoding',
  'path-trailing-dot'
] as const

export type PathRefusalReason = typeof PATH_REFUSALS[number]

export type CanonicalPath = { path: string } | { refused: PathRefusalReason, detail: string }

const SLASH = 0x2f
const DOT = 0x2e
const PERCENT = 0x25
const BACKSLASH = 0x5c

const refuse = (refused: PathRefusalReason, detail: string): CanonicalPath => ({ refused, detail })

function hexValue (byte: number | undefined): number {
  if (byte === undefined) return -1
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** The path's segments after one percent-decoding; a decoded `/` separates like a raw one. */
function decodedSegments (raw: Uint8Array, rules: PathRules): number[][] | CanonicalPath {
  const segments: number[][] = []
  let current: number[] = []
  for (let i = 1; i < raw.length; i++) {
    let byte = raw[i] as number
    let encoded = false
    if (byte <= 0x20 || byte === 0x7f) return refuse('path-control-char', `raw byte 0x${byte.toString(16)} in the path`)
    if (byte === PERCENT) {
      const high = hexValue(raw[i + 1])
      const low = hexValue(raw[i + 2])
      if (high < 0 || low < 0) return refuse('path-bad-encoding', `% at offset ${i} is not followed by two hex digits`)
      byte = high * 16 + low
      encoded = true
      i += 2
      if (byte === 0) return refuse('path-nul', 'the path holds an encoded NUL (%00)')
    }
    if (rules === 'strict' && byte === BACKSLASH) return refuse(encoded ? 'path-encoded-separator' : 'path-backslash', 'a backslash is a separator on some servers')
    if (byte === SLASH) {
      if (encoded && rules === 'strict') return refuse('path-encoded-separator', 'an encoded slash (%2F) is a separator on some servers only')
      segments.push(current)
      current = []
      continue
    }
    current.push(byte)
  }
  segments.push(current)
  return segments
}

const isDots = (bytes: number[], count: number): boolean => bytes.length === count && bytes.every(b => b === DOT)

const utf8 = new TextDecoder('utf-8', { fatal: true })
const DOUBLE_ENCODED = /%[0-9A-Fa-f]{2}/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/

/**
 * The canonical path (decoded, always starting with `/`) of a request path as sent: `raw` holds the bytes up to,
 * not including, the query. Anything that cannot be made canonical is refused with its reason.
 */
export function canonicalPath (raw: Uint8Array, rules: PathRules): CanonicalPath {
  if (raw[0] !== SLASH) return refuse('path-not-absolute', 'the path does not start with /')
  const segments = decodedSegments(raw, rules)
  if (!Array.isArray(segments)) return segments
  const kept: number[][] = []
  for (const [index, bytes] of segments.entries()) {
    const last = index === segments.length - 1
    if (isDots(bytes, 1) || isDots(bytes, 2)) {
      if (rules === 'strict') return refuse('path-dot-segment', 'the path has a . or .. segment')
      if (bytes.length === 2 && kept.pop() === undefined) return refuse('path-above-root', 'a .. segment goes above the root')
    } else if (bytes.length === 0) {
      if (rules === 'strict' && !last) return refuse('path-empty-segment', 'the path has an empty segment (//)')
    } else {
      if (rules === 'strict' && bytes.at(-1) === DOT) return refuse('path-trailing-dot', 'a segment ends with a dot, which Windows drops')
      kept.push(bytes)
    }
  }
  const lastBytes = segments.at(-1) ?? []
  const trailingSlash = kept.length > 0 && (lastBytes.length === 0 || isDots(lastBytes, 1) || isDots(lastBytes, 2))
  let path: string
  try {
    path = '/' + kept.map(bytes => utf8.decode(Uint8Array.from(bytes))).join('/') + (trailingSlash ? '/' : '')
  } catch {
    return refuse('path-bad-encoding', 'the decoded path is not UTF-8')
  }
  if (CONTROL.test(path)) return refuse('path-control-char', 'the decoded path holds a control character')
  if (rules === 'strict' && DOUBLE_ENCODED.test(path)) return refuse('path-double-encoding', 'the path is still percent-encoded after one decoding')
  return { path }
}

/**
 * A path that is canonical as it stands under either rules: ASCII segments that neither begin nor end with a dot,
 * nothing percent-encoded, no backslash, no empty segment but a trailing slash. Most requests are; they skip decoding.
 */
const PLAIN_PATH = /^(?=\/)(?:\/[\w~!$&'()*+,;=:@-](?:[\w.~!$&'()*+,;=:@-]*[\w~!$&'()*+,;=:@-])?)*\/?$/
export const isPlainPath = (path: string): boolean => PLAIN_PATH.test(path)

/** Characters encodeURIComponent leaves as they are, and the separator. */
const URI_SAFE = /^[\w.!~*'()/-]*$/

/** The request path that asks for exactly `path` (a canonical path): each segment percent-encoded. */
export function requestPathFor (path: string): string {
  return URI_SAFE.test(path) ? path : path.split('/').map(encodeURIComponent).join('/')
}

/**
 * A path made of whole names, which the server uses as they are and never resolves (nginx-rtmp's app and name):
 * accepted only when it is canonical as it stands under strict rules, so that no other reader of it (a file
 * written from the name, a token scope) can take it for another path.
 */
export function canonicalNamePath (path: string): CanonicalPath {
  if (LONE_SURROGATE.test(path)) return refuse('path-bad-encoding', 'the name is not valid Unicode')
  return canonicalPath(Buffer.from(requestPathFor(path)), 'strict')
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
