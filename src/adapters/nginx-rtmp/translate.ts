import { createHash } from 'node:crypto'
import { canonicalAddress } from '../../core/address.js'
import { type AccessRequest, type Action, pairName, parseStreamUrl, UrlParseError } from '../../core/access-request.js'
import { formTextOf } from '../../core/adapter.js'
import { canonicalNamePath, requestPathFor } from '../../core/canonical-path.js'
import type { Field, NginxRtmpNotify } from '../../generated/nginx-rtmp/notify.js'
import { queryAsSent } from '../query-as-sent.js'

/** Fields nginx-rtmp sends itself; every other field is an argument of the client's RTMP URL. */
const OWN_FIELDS = new Set(['call', 'app', 'name', 'addr', 'clientid', 'tcurl', 'flashver', 'swfurl', 'pageurl', 'type', 'epoch', 'time', 'timestamp', 'start', 'duration', 'reset'])

/** Hooks whose answer nginx ignores: the end of a stream, and of the connection (`on_disconnect`). */
export const DONE_CALLS: ReadonlySet<string> = new Set(['publish_done', 'play_done', 'done', 'disconnect'])

/** A field's value; the first when repeated (nginx's own field comes before a same-named URL argument). */
export function field (body: NginxRtmpNotify, name: string): string {
  const value: Field | undefined = body[name]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

const clientPairs = (form: string): string[] => form.split('&').filter(pair => !OWN_FIELDS.has(pairName(pair)))

/**
 * The RTMP URL's query as the client sent it: every field of the form that is not nginx-rtmp's own. nginx-rtmp
 * appends the client's arguments to its form unescaped, as the client wrote them (ngx_rtmp_notify_play_create and the
 * others), so the form's text holds them with their escapes as sent, where the fields hold them decoded. A message
 * that came as no form (explain's and the console's JSON) holds the query in an `args` field, and its other fields
 * are written as a form again; in a form, `args` is a client's argument like any other (nginx-rtmp sends none).
 */
function sentQuery (body: NginxRtmpNotify): string {
  const form = formTextOf(body)
  if (form !== undefined) return clientPairs(form).join('&')
  const fields = Object.entries(body).filter(([name]) => name !== 'args')
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value ?? '']).map((text): [string, string] => [name, text]))
  const args = field(body, 'args')
  // as URLSearchParams reads an args field: one leading ? is not part of the first name
  return [args.startsWith('?') ? args.slice(1) : args, ...clientPairs(new URLSearchParams(fields).toString())].join('&')
}

/** The RTMP URL's arguments, the first of a repeated name; `drop` left out. As sent, for the rules' URL: see queryAsSent. */
const queryOf = (body: NginxRtmpNotify, drop?: string): string => queryAsSent(sentQuery(body), drop)

/** The RTMP URL's arguments, decoded: the first of a repeated name. */
export const rtmpArgs = (body: NginxRtmpNotify): URLSearchParams => new URLSearchParams(queryOf(body))

/** The key a publisher presents: in the configured argument, else the published name itself. */
export function publishKey (body: NginxRtmpNotify, keyArg: string): string {
  return rtmpArgs(body).get(keyArg) ?? field(body, 'name')
}

function hostOf (tcurl: string): string {
  try {
    return new URL(tcurl).host
  } catch {
    return ''
  }
}

/** The protocol of nginx-rtmp's own relay sessions: a policy's `protocol` rule lets them through by this name. */
export const RELAY_PROTOCOL = 'RTMP-RELAY'

/**
 * Whether the hook comes from nginx-rtmp's own relay (push, pull): its flashver, and its target in `addr`
 * (`127.0.0.1:1935/hls-live`, `unix:...`, `ngx-relay`), which no network client can have.
 */
export function isOwnRelay (body: NginxRtmpNotify): boolean {
  return field(body, 'flashver') === 'ngx-local-relay' && canonicalAddress(field(body, 'addr')) === undefined
}

/**
 * One viewer's session, the same on its `play`, `update_play` and `play_done`/`done`. nginx-rtmp's clientid
 * alone is no such thing: every nginx numbers its connections from 1, again after a restart or reload (while
 * the old workers still serve theirs). So the id also holds the server (`server`: who called the hook), the
 * address and URL the viewer connected with, and what it plays with which arguments (nginx sends the same on
 * every hook of a session). Readable `clientid@addr`, then a digest of the rest.
 */
export function sessionIdOf (body: NginxRtmpNotify, server: string): string {
  const clientid = field(body, 'clientid')
  if (clientid === '') return ''
  const args = [...rtmpArgs(body)].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  const parts = [server, field(body, 'tcurl'), field(body, 'addr'), clientid, field(body, 'app'), field(body, 'name'), args]
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16)
  return `${clientid}@${field(body, 'addr')}~${digest}`
}

/** A hook as an AccessRequest for `name` with `query` (queryOf) as its query. Throws UrlParseError when app and name make no canonical path. */
function requestOf (body: NginxRtmpNotify, server: string, action: Action, name: string, query: string): AccessRequest {
  const host = hostOf(field(body, 'tcurl'))
  const app = field(body, 'app')
  // nginx-rtmp's own relays (push, pull) play with an empty app: their path is the name alone
  const names = canonicalNamePath(app === '' ? `/${name}` : name === '' ? `/${app}` : `/${app}/${name}`)
  if ('refused' in names) throw new UrlParseError(names.refused, names.detail)
  const target = `rtmp://${host || 'localhost'}${requestPathFor(names.path)}${query === '' ? '' : '?' + query}`
  // nginx-rtmp's app and name are whole names: `vip/x` is a stream of its own, not one inside `vip`
  const url = { ...parseStreamUrl(target, { host, rules: 'strict', bytes: 'utf8' }), app, stream: name }
  return {
    action,
    protocol: isOwnRelay(body) ? RELAY_PROTOCOL : 'RTMP',
    host,
    url,
    ip: field(body, 'addr'),
    userAgent: field(body, 'flashver'),
    referer: field(body, 'pageurl'),
    sessionId: sessionIdOf(body, server),
    raw: body
  }
}

/**
 * The file nginx-rtmp's play directive opens for a name (ngx_rtmp_play_play): an `mp4:` prefix in any case is
 * dropped, and the format's suffix added unless the name ends with it in any case: `.mp4` after the prefix or for a
 * name ending so, else `.flv`. `mp4:movie`, `MP4:movie.mp4` and `movie.mp4` all open movie.mp4; `movie`, movie.flv.
 */
export function vodFileName (name: string): string {
  const lower = name.toLowerCase()
  const prefixed = lower.startsWith('mp4:')
  const suffix = prefixed || lower.endsWith('.mp4') ? '.mp4' : '.flv'
  const stem = prefixed ? name.slice(4) : name
  return lower.endsWith(suffix) ? stem : stem + suffix
}

/**
 * A viewer's hook as an AccessRequest; `server` identifies the nginx that sent it. In an app of `vodApps` the stream
 * is the file nginx-rtmp opens (vodFileName). Throws UrlParseError as requestOf.
 */
export function toAccessRequest (body: NginxRtmpNotify, server = '', vodApps: readonly string[] = []): AccessRequest {
  const name = field(body, 'name')
  if (!vodApps.includes(field(body, 'app'))) return requestOf(body, server, 'play', name, queryOf(body))
  // a remote play entry (play http://...) puts the name unescaped into its URL, where these cut or decode it
  if (/[#%;?\s]/.test(name)) throw new UrlParseError('bad-url', 'a video-on-demand name with #, %, ;, ? or a space, which a remote play entry would read as another file')
  return requestOf(body, server, 'play', vodFileName(name), queryOf(body))
}

/**
 * A publisher's hook (publish, update_publish) as an AccessRequest. The key goes into `publish`, never into the
 * URL: taken out of the arguments when `keyArg` carries it, else it is the published name, and the URL has none.
 * nginx-rtmp publishes under another name on a 302, so a key's public name may differ from the name published.
 */
export function toPublishRequest (body: NginxRtmpNotify, keyArg: string, server = ''): AccessRequest {
  const sent = sentQuery(body)
  const argKey = new URLSearchParams(queryAsSent(sent)).get(keyArg) ?? undefined
  const name = field(body, 'name')
  const request = requestOf(body, server, 'publish', argKey === undefined ? '' : name, queryAsSent(sent, keyArg))
  return { ...request, publish: { key: argKey ?? name, canRename: true } }
}
