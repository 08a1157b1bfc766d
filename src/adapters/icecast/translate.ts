import { type AccessRequest, type Action, parseStreamUrl, UrlParseError } from '../../core/access-request.js'
import type { IcecastAuthRequest } from '../../generated/icecast/auth-request.js'

/**
 * Icecast's form as an AccessRequest from the canonical address `ip`. Icecast 2.4.4 sends a listener's mount as the request target it received,
 * query and percent-escapes included (`/live.mp3?token=a%2Fb`), form-escaped once more; the form reader undoes
 * only that outer layer. Icecast serves a mount only by its exact name, so the path is read strictly.
 * Throws UrlParseError for a mount nothing can be made of. Icecast numbers its listeners per server, so the
 * session is the server (name and port, as both hooks send them) and the listener's number: two servers'
 * listener 7 are two sessions.
 */
export function toAccessRequest (body: IcecastAuthRequest, action: Action, ip: string): AccessRequest {
  const host = body.server ?? ''
  const url = parseStreamUrl(body.mount, { host, rules: 'strict', bytes: 'utf8' })
  return {
    action,
    protocol: 'ICECAST',
    host: host || new URL(url.href).host,
    url,
    ip,
    userAgent: body.agent ?? '',
    referer: '',
    sessionId: body.client === undefined || body.client === '' ? '' : `${body.server ?? ''}:${body.port ?? ''}:${body.client}`,
    raw: body
  }
}

/** The public stream name a source publishes under: its mount without the leading slash (`/live.mp3` → `live.mp3`). */
export const publishedName = (access: AccessRequest): string => access.url.path.slice(1)

/**
 * A source's stream_auth as a publish: its password is the stream key, its mount without the slash the stream name
 * the key must belong to (Icecast cannot rename a mount).
 */
export function toPublishRequest (body: IcecastAuthRequest, ip: string): AccessRequest {
  // a source's mount is sent already decoded, and Icecast creates it under that very name: `/live.mp3?x` is a mount
  // of its own, which the URL reading would take for live.mp3
  if (/[?#%]|\/$/.test(body.mount)) throw new UrlParseError('bad-url', 'a source mount with ?, #, % or a trailing slash is another mount than it reads as')
  const access = toAccessRequest(body, 'publish', ip)
  return { ...access, url: { ...access.url, stream: publishedName(access) }, publish: { key: body.pass ?? '', canRename: false } }
}

/** How Icecast is told yes: the mount's auth_header line, split where Node writes it back (`name: value`). */
export function splitHeaderLine (line: string): [string, string] {
  const colon = line.indexOf(':')
  return [line.slice(0, colon), line.slice(colon + 1).trim()]
}

/**
 * Seconds for icecast-auth-timelimit: Icecast cuts the listener at now + this many whole seconds, so a session
 * may end up to a second late, never early. Icecast reads an unsigned 32-bit number: a longer lifetime is its largest
 * (136 years), never one that wraps around or is written as 1e+21.
 */
export const timelimitSeconds = (lifetime: number): number => Math.min(4294967295, Math.max(0, Math.ceil(lifetime)))
