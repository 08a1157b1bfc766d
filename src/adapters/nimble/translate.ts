import { type AccessRequest, parseStreamUrl } from '../../core/access-request.js'
import type { Decision } from '../../core/decision.js'
import type { NimbleAuthRequest } from '../../generated/nimble/auth-request.js'
import type { NimbleAuthResponse } from '../../generated/nimble/auth-response.js'

/**
 * Nimble's message as streamgate's AccessRequest. Nimble's own path rules are not published, so its paths are
 * read strictly: one that Nimble could resolve to another stream than streamgate would is refused.
 * Throws UrlParseError for a url nothing can be made of.
 */
export function toAccessRequest (body: NimbleAuthRequest): AccessRequest {
  const host = body.host ?? ''
  const url = parseStreamUrl(body.url, { host, rules: 'strict', bytes: 'utf8' })
  return {
    action: 'play',
    protocol: (body.session_type ?? '').toUpperCase(),
    host: host || new URL(url.href).host,
    url,
    ip: body.ip,
    userAgent: body['user-agent'] ?? body.user_agent ?? '',
    referer: body.referer ?? '',
    sessionId: body.session_id == null ? '' : String(body.session_id),
    raw: body
  }
}

/** Completes a relative redirect from the viewer's host, as Nimble needs an absolute location. */
function absoluteLocation (location: string, host: string): string {
  try {
    return new URL(location, `http://${host || 'localhost'}`).href
  } catch {
    return location
  }
}

export const FORBIDDEN: NimbleAuthResponse = Object.freeze({ return_code: 403 })
const ALLOWED: NimbleAuthResponse = Object.freeze({ return_code: 200 })

export function toResponse (decision: Decision, host: string): NimbleAuthResponse {
  switch (decision.outcome) {
    case 'allow': return ALLOWED
    case 'redirect': return { return_code: 302, redirect_location: absoluteLocation(decision.location, host) }
    case 'deny': return FORBIDDEN
  }
}
