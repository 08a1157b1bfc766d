import { type AccessRequest, type Action, parseStreamUrl } from '../../core/access-request.js'
import type { Decision } from '../../core/decision.js'
import type { MediamtxAuthRequest } from '../../generated/mediamtx/auth-request.js'

/** MediaMTX's actions on the server itself rather than on a stream: no policy is about them. */
export const SERVER_ACTIONS: ReadonlySet<string> = new Set(['api', 'metrics', 'pprof'])

const STREAM_ACTIONS: Readonly<Record<string, Action>> = { read: 'play', playback: 'play', publish: 'publish' }

/** The query parameters credentials sent outside the query are given to the rules as. */
export interface CredentialParams {
  /** The signed-token rule's parameter: the bearer token goes there. */
  tokenParam: string
  /** The publish key's parameter: a publisher's password goes there. */
  keyArg: string
}

/** MediaMTX's raw query, completed with the credentials MediaMTX took from elsewhere, unless the query names them already. */
function queryOf (body: MediamtxAuthRequest, { tokenParam, keyArg }: CredentialParams): string {
  const sent = new URLSearchParams(body.query ?? '')
  const added = new URLSearchParams()
  if ((body.token ?? '') !== '' && !sent.has(tokenParam)) added.append(tokenParam, body.token as string)
  if (body.action === 'publish' && (body.password ?? '') !== '' && !sent.has(keyArg) && !added.has(keyArg)) added.append(keyArg, body.password as string)
  return [body.query ?? '', added.toString()].filter(part => part !== '').join('&')
}

/**
 * A read, playback or publish request as an AccessRequest from the canonical address `ip`. The path name is used as
 * MediaMTX uses it, whole and unresolved, so it is read strictly: `live/../x` or `live//x` is refused, never taken
 * for another path. Throws UrlParseError for such a path.
 */
export function toAccessRequest (body: MediamtxAuthRequest, ip: string, params: CredentialParams): AccessRequest {
  const query = queryOf(body, params)
  return {
    action: STREAM_ACTIONS[body.action] ?? 'play',
    protocol: body.protocol.toUpperCase(),
    host: '',
    url: parseStreamUrl(`/${body.path}${query === '' ? '' : '?' + query}`, { host: 'localhost', rules: 'strict', bytes: 'utf8' }),
    ip,
    userAgent: '',
    referer: '',
    sessionId: body.id ?? '',
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
