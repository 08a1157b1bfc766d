import { createHmac } from 'node:crypto'
import { type AccessRequest, parseStreamUrl } from '../../core/access-request.js'
import { canonicalAddress } from '../../core/address.js'
import { requestPathFor } from '../../core/canonical-path.js'
import type { PolicyDecision } from '../../core/policy.js'
import type { OmeAdmissionRequest } from '../../generated/ovenmediaengine/admission-request.js'
import type { OmeAdmissionResponse } from '../../generated/ovenmediaengine/admission-response.js'
import { safeEqualText } from '../../signing/encoding.js'

/** X-OME-Signature as OME writes it: HMAC-SHA1 of the raw body under the secret key, base64url without padding. */
export const omeSignature = (secretKey: string, body: Buffer): string => createHmac('sha1', secretKey).update(body).digest('base64url')

/**
 * Whether a call carries the signature of its very bytes. One header only (Node joins a repeated one with ", ",
 * which never verifies); the one `=` a padding encoder would add is accepted, nothing else. Constant time.
 */
export function signedBody (header: string | string[] | undefined, secretKey: string, body: Buffer): boolean {
  if (typeof header !== 'string') return false
  const given = header.endsWith('=') ? header.slice(0, -1) : header
  return safeEqualText(given, omeSignature(secretKey, body))
}

/** Whether request.time is within maxAgeSeconds of now, either way. */
export function fresh (time: string, maxAgeSeconds: number, now = Date.now()): boolean {
  const at = Date.parse(time)
  return Number.isFinite(at) && Math.abs(now - at) <= maxAgeSeconds * 1000
}

/** The client's address, canonical: its real_ip when OME is told to trust a proxy's word for it; undefined when it is no IP address. */
export function clientAddress ({ client }: OmeAdmissionRequest, useRealIp: boolean): string | undefined {
  return canonicalAddress(useRealIp && client.real_ip !== undefined && client.real_ip !== '' ? client.real_ip : client.address)
}

/**
 * OME's message as an AccessRequest from the client's address `ip`: incoming is a publish, outgoing a play; the protocol upper-cased (WEBRTC, RTMP,
 * SRT, LLHLS, THUMBNAIL); the session is the client's address and port, which OME repeats on closing. OME's path rules
 * are not published, so the url is read strictly. Throws UrlParseError for a url nothing can be made of.
 */
export function toAccessRequest (body: OmeAdmissionRequest, ip: string): AccessRequest {
  const { client, request } = body
  const url = parseStreamUrl(request.url, { host: '', rules: 'strict', bytes: 'utf8' })
  return {
    action: request.direction === 'incoming' ? 'publish' : 'play',
    protocol: request.protocol.toUpperCase(),
    host: new URL(url.href).host,
    url,
    ip,
    userAgent: client.user_agent ?? '',
    referer: '',
    sessionId: `${client.address}:${client.port}`,
    raw: body
  }
}

/**
 * An incoming session as the publish it asks for. The stream key (the key argument, else the stream name) goes into
 * `publish`, out of the URL, which decision lines and explain show: where the stream name is the key, the URL names
 * the app alone. Throws UrlParseError as toAccessRequest.
 */
export function toPublishRequest (body: OmeAdmissionRequest, ip: string, keyArg: string): AccessRequest {
  const access = toAccessRequest(body, ip)
  const { app } = access.url
  const { [keyArg]: argKey, ...args } = access.url.query
  const stream = argKey === undefined ? '' : access.url.stream
  const path = stream === '' ? `/${app}` : `/${app}/${stream}`
  const href = new URL(access.url.href)
  href.pathname = requestPathFor(path)
  href.search = new URLSearchParams(args).toString()
  return { ...access, url: { href: href.href, path, app, stream, query: Object.assign(Object.create(null) as Record<string, string>, args) }, publish: { key: argKey ?? access.url.stream, canRename: true } }
}

/**
 * OME's lifetime is in milliseconds and 0 means unlimited: a session with no time left still gets 1 ms, never
 * an unlimited one; a very long one is written as an integer OME reads (not 1e+23), some 285,000 years.
 */
export const lifetimeMs = (seconds: number): number => Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, Math.ceil(seconds * 1000)))

/** A play decision as OME's answer; OME cannot send a viewer to another page, so a redirect is refused. */
export function playAnswer (decision: PolicyDecision): OmeAdmissionResponse {
  if (decision.outcome !== 'allow') return { allowed: false, reason: `${decision.rule}:${decision.reason}` }
  return decision.lifetime === undefined ? { allowed: true } : { allowed: true, lifetime: lifetimeMs(decision.lifetime) }
}

/** The url a publisher's stream is renamed to: the public name in place of the key, the key argument dropped. */
export function renamedUrl (access: AccessRequest, original: string, name: string): string {
  const url = new URL(original)
  url.pathname = `/${access.url.app}/${name}`
  url.search = ''
  return url.href
}
