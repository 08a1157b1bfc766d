import { type AccessRequest, type Action, parseStreamUrl } from '../../core/access-request.js'
import type { Decision } from '../../core/decision.js'
import type { MediamtxAuthRequest } from '../../generated/mediamtx/auth-request.js'

/** MediaMTX's actions on the server itself rather than on a stream: no policy is about them. */
export const SERVER_ACTIONS: ReadonlySet<string> = new Set(['api', 'metrics', 'pprof'])

const STREAM_ACTIONS: Readonly<Record<string, Action>> = { read: 'play', playback: 'play', publish: 'publish' }

/** The query parameters credentials are read from. */
export interface CredentialParams {
  /** The signed-token rule's parameter: the bearer token goes there. */
  tokenParam: string
  /** The publish key's parameter (a publisher's password is its key otherwise). */
  keyArg: string
}

/** A raw query without the parameters of one name, the rest kept as sent (a signed token's text with it). */
function withoutParam (query: string, name: string): string {
  return query.split('&').filter(part => part !== '' && new URLSearchParams(part).keys().next().value !== name).join('&')
}

/** MediaMTX's raw query for the rules: completed with the bearer token unless it names one, without a publish key. */
function queryOf (body: MediamtxAuthRequest, { tokenParam, keyArg }: CredentialParams): string {
  const publish = body.action === 'publish'
  const sent = publish ? withoutParam(body.query ?? '', keyArg) : body.query ?? ''
  const token = body.token ?? ''
  // MediaMTX passes a password as the token when no bearer token came: a publisher's password is its key
  if (token === '' || (publish && token === body.password) || new URLSearchParams(sent).has(tokenParam)) return sent
  return [sent, new URLSearchParams([[tokenParam, token]]).toString()].filter(part => part !== '').join('&')
}

/** A publisher's key: the query's `keyArg`, else its password. Kept out of the URL: the stream-key rule reads it. */
function publishKeyOf (body: MediamtxAuthRequest, keyArg: string): string | undefined {
  const key = new URLSearchParams(body.query ?? '').get(keyArg) ?? body.password ?? ''
  return key === '' ? undefined : key
}

/**
 * A read, playback or publish request as an AccessRequest from the canonical address `ip`. The path name is used as
 * MediaMTX uses it, whole and unresolved, so it is read strictly: `live/../x` or `live//x` is refused, never taken
 * for another path. Throws UrlParseError for such a path.
 */
export function toAccessRequest (body: MediamtxAuthRequest, ip: string, params: CredentialParams): AccessRequest {
  const query = queryOf(body, params)
  const action = STREAM_ACTIONS[body.action] ?? 'play'
  const key = publishKeyOf(body, params.keyArg)
  const url = parseStreamUrl(`/${body.path}${query === '' ? '' : '?' + query}`, { host: 'localhost', rules: 'strict', bytes: 'utf8' })
  return {
    action,
    protocol: body.protocol.toUpperCase(),
    host: '',
    // the stream is the whole path after the app: MediaMTX serves live/stream/x as a path of its own, not as stream
    url: { ...url, stream: url.path.slice(url.app.length + 2) },
    ip,
    userAgent: body.userAgent ?? '',
    referer: '',
    sessionId: body.id ?? '',
    // MediaMTX publishes under the path asked for or not at all
    ...(action === 'publish' ? { publish: { ...(key === undefined ? {} : { key }), canRename: false } } : {}),
    raw: body
  }
}

/** Denials that only credentials could turn around. */
const MISSING_CREDENTIALS: ReadonlySet<string> = new Set(['token-missing', 'no-key'])

/**
 * The status MediaMTX reads: any 2xx allows, anything else refuses. A client that sent no credentials at all and
 * was refused for the lack of them gets 401, which MediaMTX's documentation asks for: RTSP clients and browsers send
 * credentials only once asked. Every other refusal is 403, so a client is never asked for what would not help.
 */
export function statusOf (decision: Decision, body: MediamtxAuthRequest): 200 | 401 | 403 {
  if (decision.outcome === 'allow') return 200
  const sentNothing = [body.user, body.password, body.token].every(value => (value ?? '') === '')
  return decision.outcome === 'deny' && sentNothing && MISSING_CREDENTIALS.has(decision.reason) ? 401 : 403
}
