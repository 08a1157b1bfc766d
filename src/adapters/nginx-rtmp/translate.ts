import { canonicalAddress } from '../../core/address.js'
import { type AccessRequest, parseStreamUrl } from '../../core/access-request.js'
import type { Field, NginxRtmpNotify } from '../../generated/nginx-rtmp/notify.js'

/** Fields nginx-rtmp sends itself; every other field is an argument of the client's RTMP URL. */
const OWN_FIELDS = new Set(['call', 'app', 'name', 'addr', 'clientid', 'tcurl', 'flashver', 'swfurl', 'pageurl', 'type', 'epoch', 'time', 'timestamp', 'start', 'duration', 'reset', 'args'])

export const DONE_CALLS: ReadonlySet<string> = new Set(['publish_done', 'play_done', 'done'])

/** A field's value; the first when repeated (nginx's own field comes before a same-named URL argument). */
export function field (body: NginxRtmpNotify, name: string): string {
  const value: Field | undefined = body[name]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

/** The RTMP URL's arguments: the extra fields, and an `args` field (query string) when one is sent. */
export function rtmpArgs (body: NginxRtmpNotify): Record<string, string> {
  const args: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(field(body, 'args'))) if (!(name in args)) args[name] = value
  for (const name of Object.keys(body)) if (!OWN_FIELDS.has(name) && !(name in args)) args[name] = field(body, name)
  return args
}

/** The key a publisher presents: in the configured argument, else the published name itself. */
export function publishKey (body: NginxRtmpNotify, keyArg: string): string {
  return rtmpArgs(body)[keyArg] ?? field(body, 'name')
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

/** A viewer's hook as an AccessRequest. Throws UrlParseError when app and name make no URL. */
export function toAccessRequest (body: NginxRtmpNotify): AccessRequest {
  const host = hostOf(field(body, 'tcurl'))
  const query = new URLSearchParams(rtmpArgs(body)).toString()
  const path = `/${encodeURIComponent(field(body, 'app'))}/${encodeURIComponent(field(body, 'name'))}`
  // nginx-rtmp's app and name are whole names: `vip/x` is a stream of its own, not one inside `vip`
  const url = { ...parseStreamUrl(`rtmp://${host || 'localhost'}${path}${query === '' ? '' : '?' + query}`, host), app: field(body, 'app'), stream: field(body, 'name') }
  return {
    action: 'play',
    protocol: isOwnRelay(body) ? RELAY_PROTOCOL : 'RTMP',
    host,
    url,
    ip: field(body, 'addr'),
    userAgent: field(body, 'flashver'),
    referer: field(body, 'pageurl'),
    sessionId: field(body, 'clientid'),
    raw: body
  }
}
