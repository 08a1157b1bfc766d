import { createHash } from 'node:crypto'
import { type AccessRequest, type Action, parseStreamUrl, UrlParseError } from '../../core/access-request.js'
import { canonicalNamePath, requestPathFor } from '../../core/canonical-path.js'
import type { SrsHook } from '../../generated/srs/hook.js'
import type { SrsHookResponse } from '../../generated/srs/hook-response.js'
import { queryAsSent } from '../query-as-sent.js'

/** The hooks that ask (SRS goes on only if the answer is yes), and those that tell the session they opened is over. */
export const DECIDING: ReadonlySet<string> = new Set(['on_play', 'on_publish'])
export const ENDING: ReadonlySet<string> = new Set(['on_stop', 'on_unpublish'])

/** A session's action, the same on the hook that opens it and the one that ends it, so both reach one policy. */
const ACTIONS: Readonly<Record<string, Action>> = { on_play: 'play', on_stop: 'play', on_publish: 'publish', on_unpublish: 'publish' }

/**
 * SRS's answers. SRS goes on only for HTTP 200 (newer versions: or 201) with the body `0` or `{"code":0}`, and checks the
 * status before the body: a refusal is 403 with a non-zero code, which every SRS version reads as no, whichever of
 * the two it looks at (an empty 200, a common mistake, would refuse too, but only by accident).
 */
export const GO_ON: SrsHookResponse = Object.freeze({ code: 0 })
export const REFUSED: SrsHookResponse = Object.freeze({ code: 403 })

/** SRS's default vhost, which names no host: the host is then the one the client connected to. */
const DEFAULT_VHOST = '__defaultVhost__'

function hostOf (tcUrl: string): string {
  try {
    return new URL(tcUrl).host
  } catch {
    return ''
  }
}

/**
 * The protocol as the scheme of tcUrl (rtmp, webrtc, srt, http for HTTP-FLV): SRS names it nowhere else. An RTMP
 * client writes its own tcUrl, so it can claim another scheme: see the README before relying on the protocol rule.
 */
function protocolOf (tcUrl: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(tcUrl)?.[1]?.toLowerCase() ?? ''
  return scheme === 'rtmps' ? 'RTMP' : scheme === 'https' ? 'HTTP' : scheme.toUpperCase()
}

/**
 * The client URL's query from `param` (`?a=1&b=2`), as the client sent it (see queryAsSent): the first of a repeated
 * name, as every adapter reads them, `drop` left out. Only the one leading `?` SRS puts there is dropped: in `??a=1`
 * the name is `?a`, and a later `?` or `#` is text.
 */
function queryOf (param: string, drop?: string): string {
  return queryAsSent(param.startsWith('?') ? param.slice(1) : param, drop)
}

/**
 * One client's session, the same on its on_play or on_publish and its on_stop or on_unpublish: the client id
 * alone is no such thing (SRS before 4 numbers its clients from 1 again after every restart), so the id also holds
 * the SRS that called (`server`: the hook's peer, and server_id when sent) and what the client asked for.
 */
function sessionIdOf (hook: SrsHook, server: string): string {
  const parts = [server, hook.server_id ?? '', String(hook.client_id), hook.ip, hook.vhost, hook.app, hook.stream ?? '', hook.param ?? '']
  return `${String(hook.client_id)}@${hook.ip}~${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16)}`
}

/**
 * The stream SRS serves for a hook: since SRS 5 it drops a name's extension (`premium.flv` plays premium, an HLS
 * on_play names `premium.m3u8`), which its stream_url shows; before, the whole name (stream_url holds it, or SRS 3
 * sends none).
 */
function servedStream (hook: SrsHook): string {
  const stream = hook.stream ?? ''
  const dot = stream.lastIndexOf('.')
  if (dot === -1 || hook.stream_url === undefined) return stream
  const cut = stream.slice(0, dot)
  return hook.stream_url.endsWith(`/${cut}`) ? cut : stream
}

/**
 * A hook about a stream as an AccessRequest from the canonical address `ip`; `server` identifies the SRS that
 * called, `keyArg` names the param argument that carries a publisher's key. app and stream are whole names, as SRS uses them: a name that is not canonical as it stands (`..`, `%2F`,
 * an empty one) is refused, never resolved. Throws UrlParseError for such a name.
 */
export function toAccessRequest (hook: SrsHook, ip: string, server: string, keyArg: string): AccessRequest {
  const stream = servedStream(hook)
  if (hook.app === '' || stream === '') throw new UrlParseError('path-empty-segment', 'app and stream must both be named')
  const names = canonicalNamePath(`/${hook.app}/${stream}`)
  if ('refused' in names) throw new UrlParseError(names.refused, names.detail)
  const tcUrl = hook.tcUrl ?? ''
  const host = hook.vhost === DEFAULT_VHOST ? hostOf(tcUrl) : hook.vhost
  const action = ACTIONS[hook.action] ?? 'play'
  const sent = queryOf(hook.param ?? '')
  const key = new URLSearchParams(sent).get(keyArg) ?? ''
  // the key stays out of the URL: the stream-key rule reads it from `publish`
  const query = action === 'publish' ? queryOf(hook.param ?? '', keyArg) : sent
  const url = parseStreamUrl(`${requestPathFor(names.path)}${query === '' ? '' : '?' + query}`, { host: 'localhost', rules: 'strict', bytes: 'utf8' })
  return {
    action,
    protocol: protocolOf(tcUrl),
    host,
    url: { ...url, app: hook.app, stream },
    ip,
    userAgent: '',
    referer: hook.pageUrl ?? '',
    sessionId: sessionIdOf(hook, server),
    // SRS publishes under the name asked for or not at all
    ...(action === 'publish' ? { publish: { ...(key === '' ? {} : { key }), canRename: false } } : {}),
    raw: hook
  }
}
