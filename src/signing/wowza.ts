import { createHash } from 'node:crypto'
import type { AccessRequest, StreamUrl } from '../core/access-request.js'
import { decodeBase64, parseUnsigned, safeEqual } from './encoding.js'
import { checkWindow, fail, type Scheme, unsupported } from './scheme.js'
import { errors } from '../errors.js'

const HTTP_MANIFEST = /\.(?:m3u8|mpd|f4m)$|^Manifest$/

type NamedPath = Pick<StreamUrl, 'path' | 'app' | 'stream'>

/**
 * Wowza's content path: app[/instance]/stream, without the HTTP streaming manifest name (playlist.m3u8, manifest.mpd).
 * Only a manifest name below the app and stream the adapter names is a file of that stream: MediaMTX, nginx-rtmp and
 * SRS name whole paths, where `live/vip/other.m3u8` is a stream of its own, not a manifest of live/vip.
 */
export function contentPath ({ path, app, stream }: NamedPath): string {
  const named = `/${app}/${stream}/`
  const file = path.startsWith(named) ? path.slice(named.length) : ''
  return HTTP_MANIFEST.test(file.split('/').at(-1) ?? '') ? path.slice(1, path.lastIndexOf('/')) : path.slice(1)
}

export type WowzaOrder = 'pairs' | 'names'

const byName = (a: [string, string], b: [string, string]): number => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0

/**
 * `<content path>?<the prefixed parameters, the secret and maybe the client IP, sorted, joined by &>`.
 * Wowza's rule sorts the `name=value` strings themselves ("Protect streaming using SecureToken in Wowza Streaming
 * Engine", https://www.wowza.com/docs/how-to-protect-streaming-using-securetoken-in-wowza-streaming-engine,
 * section "Hash generation": its example string is "in required alphabetical order" with the shared secret sorted
 * among the `name=value` parameters). `names` sorts by parameter name and writes a parameter with an empty value
 * as its bare name, as remiheens/php-wowza-securetoken (ksort) and the JavaScript ports of it do; the two differ
 * when one name begins another (wowzatokenp1=x and wowzatokenp10=y).
 */
export function wowzaHashInput (url: NamedPath, params: Array<[string, string]>, secret: string, ip: string | undefined, order: WowzaOrder = 'pairs'): string {
  const bare = [secret, ...(ip === undefined ? [] : [ip])]
  const items = order === 'pairs'
    ? [...params.map(([name, value]) => `${name}=${value}`), ...bare].sort()
    : [...params, ...bare.map((item): [string, string] => [item, ''])].sort(byName).map(([name, value]) => value === '' ? name : `${name}=${value}`)
  return `${contentPath(url)}?${items.join('&')}`
}

/** `?` ends the path, `&` an item, `=` a name: where they are not, the hashed string could be split another way. */
const readable = (path: string, params: Array<[string, string]>): boolean =>
  !path.includes('?') && params.every(([name, value]) => !/[&=]/.test(name) && !value.includes('&'))

function tokenParams (request: AccessRequest, prefix: string): Array<[string, string]> {
  return Object.entries(request.url.query).filter(([name]) => name.startsWith(prefix) && name !== `${prefix}hash`)
}

/**
 * Wowza SecureToken version 2: <prefix>hash = URL-safe base64(SHA-2(hash input)); <prefix>starttime and
 * <prefix>endtime in Unix seconds. streamgate insists on an end time. The client IP, when included, is
 * inside the hash, so a wrong one shows as token-bad-signature.
 */
export const wowza: Scheme = {
  verifier (options, keys) {
    const { prefix, algorithm, includeClientIp, order } = options.wowza
    const skew = options.clockSkewSeconds
    const secrets = keys.map(k => k.secret.toString('utf8'))
    return {
      verify (request, now) {
        const given = request.url.query[`${prefix}hash`]
        if (given === undefined || given === '') return fail('token-missing')
        const hash = given.length <= 256 ? decodeBase64(given) : undefined
        const end = parseUnsigned(request.url.query[`${prefix}endtime`])
        const startText = request.url.query[`${prefix}starttime`]
        const start = startText === undefined ? 0 : parseUnsigned(startText)
        if (hash === undefined || end === undefined || start === undefined) return fail('token-malformed')
        const params = tokenParams(request, prefix)
        if (!readable(request.url.path, params)) return fail('token-malformed')
        const ip = includeClientIp ? request.ip : undefined
        const valid = secrets.some(secret =>
          safeEqual(createHash(algorithm).update(wowzaHashInput(request.url, params, secret, ip, order)).digest(), hash))
        if (!valid) return fail('token-bad-signature')
        const window = checkWindow(now, skew, end, startText === undefined ? undefined : start)
        return window
      }
    }
  },

  sign (params, options) {
    const { prefix, algorithm, includeClientIp, order } = options.wowza
    if (params.viewerId !== undefined || params.sessionId !== undefined) unsupported('wowza', 'a viewer or session id')
    if (includeClientIp && (params.ip === undefined || params.ip.includes('/'))) throw new errors.SignRefused('wowza.includeClientIp needs the viewer\'s IP address')
    if (!includeClientIp && params.ip !== undefined) unsupported('wowza', 'an IP unless wowza.includeClientIp is set')
    const query: Array<[string, string]> = [[`${prefix}starttime`, String(params.issuedAt)], [`${prefix}endtime`, String(params.expires)]]
    if (!readable(params.path, query)) unsupported('wowza', 'a path with ?')
    // the path of the URL a viewer requests, whose first two segments are app and stream (/live/stream/playlist.m3u8)
    const [, app = '', stream = ''] = params.path.split('/')
    const input = wowzaHashInput({ path: params.path, app, stream }, query, params.key.secret.toString('utf8'), params.ip, order)
    return { ...Object.fromEntries(query), [`${prefix}hash`]: createHash(algorithm).update(input).digest('base64').replace(/\+/g, '-').replace(/\//g, '_') }
  }
}
