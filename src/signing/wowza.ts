import { createHash } from 'node:crypto'
import type { AccessRequest } from '../core/access-request.js'
import { decodeBase64, parseUnsigned, safeEqual } from './encoding.js'
import { checkWindow, fail, pass, type Scheme, unsupported } from './scheme.js'
import { errors } from '../errors.js'

const HTTP_MANIFEST = /\.(?:m3u8|mpd|f4m)$|^Manifest$/

/** Wowza's content path: app[/instance]/stream, without the HTTP streaming manifest name (playlist.m3u8, manifest.mpd). */
export function contentPath (path: string): string {
  const segments = path.slice(1).split('/')
  if (segments.length > 2 && HTTP_MANIFEST.test(segments.at(-1) ?? '')) segments.pop()
  return segments.join('/')
}

/** `<content path>?<the prefixed parameters, the secret and maybe the client IP, sorted, joined by &>`. */
export function wowzaHashInput (path: string, params: Array<[string, string]>, secret: string, ip: string | undefined): string {
  const items = [...params.map(([name, value]) => `${name}=${value}`), secret, ...(ip === undefined ? [] : [ip])]
  return `${contentPath(path)}?${items.sort().join('&')}`
}

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
    const { prefix, algorithm, includeClientIp } = options.wowza
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
        const ip = includeClientIp ? request.ip : undefined
        const valid = secrets.some(secret =>
          safeEqual(createHash(algorithm).update(wowzaHashInput(request.url.path, params, secret, ip)).digest(), hash))
        if (!valid) return fail('token-bad-signature')
        const window = checkWindow(now, skew, end, startText === undefined ? undefined : start)
        return window.ok ? pass() : window
      }
    }
  },

  sign (params, options) {
    const { prefix, algorithm, includeClientIp } = options.wowza
    if (params.viewerId !== undefined || params.sessionId !== undefined) unsupported('wowza', 'a viewer or session id')
    if (includeClientIp && (params.ip === undefined || params.ip.includes('/'))) throw new errors.SignRefused('wowza.includeClientIp needs the viewer\'s IP address')
    if (!includeClientIp && params.ip !== undefined) unsupported('wowza', 'an IP unless wowza.includeClientIp is set')
    const query: Array<[string, string]> = [[`${prefix}starttime`, String(params.issuedAt)], [`${prefix}endtime`, String(params.expires)]]
    const input = wowzaHashInput(params.path, query, params.key.secret.toString('utf8'), params.ip)
    return { ...Object.fromEntries(query), [`${prefix}hash`]: createHash(algorithm).update(input).digest('base64').replace(/\+/g, '-').replace(/\//g, '_') }
  }
}
