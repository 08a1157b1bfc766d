import { type AccessRequest, parseStreamUrl } from '../../core/access-request.js'
import type { Decision } from '../../core/decision.js'
import type { NimbleAuthRequest } from '../../generated/nimble/auth-request.js'
import type { NimbleAuthResponse } from '../../generated/nimble/auth-response.js'

/**
 * Nimble's message as streamgate's AccessRequest from the canonical address `ip`. Nimble's own path rules are not
 * published, so its paths are read strictly: one that Nimble could resolve to another stream than streamgate would
 * is refused. Throws UrlParseError for a url nothing can be made of.
 */
export function toAccessRequest (body: NimbleAuthRequest, ip: string): AccessRequest {
  const host = body.host ?? ''
  const url = parseStreamUrl(body.url, { host, rules: 'strict', bytes: 'utf8' })
  return {
    action: 'play',
    protocol: (body.session_type ?? '').toUpperCase(),
    host: host || new URL(url.href).host,
    url,
    ip,
    userAgent: body['user-agent'] ?? body.user_agent ?? '',
    referer: body.referer ?? '',
    sessionId: body.session_id == null ? '' : String(body.session_id),
    raw: body
  }
}

/**
 * Completes a relative redirect from the viewer's host, as Nimble needs an absolute location; undefined when no URL
 * can be made of it (a host that is none, a location that is no URL reference).
 */
export function absoluteLocation (location: string, host: string): string | undefined {
  try {
    return new URL(location, `http://${host || 'localhost'}`).href
  } catch {
    return undefined
  }
}

export const FORBIDDEN: NimbleAuthResponse = Object.freeze({ return_code: 403 })
const ALLOWED: NimbleAuthResponse = Object.freeze({ return_code: 200 })

/** The answer to a decision; a redirect whose location cannot be made absolute is refused (Nimble would play on). */
export function toResponse (decision: Decision, host: string): NimbleAuthResponse {
  switch (decision.outcome) {
    case 'allow': return ALLOWED
    case 'redirect': {
      const location = absoluteLocation(decision.location, host)
      return location === undefined ? FORBIDDEN : { return_code: 302, redirect_location: location }
    }
    case 'deny': return FORBIDDEN
  }
}
