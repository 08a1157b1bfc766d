import type { FastifyRequest } from 'fastify'
import { canonicalAddress, compileRanges, matches } from '../core/address.js'
import type { hookRefusals } from '../core/reasons.js'
import type { HookAuthConfig } from '../generated/hook-auth.js'
import { safeEqualText } from '../signing/encoding.js'

export type HookAuthRefusal = typeof hookRefusals[number]

/**
 * Tells a media server's hook call from a forged one: it must come from an allowed network (the TCP
 * peer, which no header can change) and, with a secret configured, carry it in the query. Undefined
 * when the call is the media server's. Throws on an allowFrom entry that is no address or range.
 */
export function hookAuthenticator ({ allowFrom, secret, secretParam }: HookAuthConfig, field: string): (request: FastifyRequest) => HookAuthRefusal | undefined {
  const sources = compileRanges(allowFrom, `${field}.allowFrom`)
  return request => {
    const peer = canonicalAddress(request.socket.remoteAddress ?? '')
    if (peer === undefined || sources === undefined || !matches(sources, peer)) return 'untrusted-hook-source'
    if (secret === undefined) return undefined
    const given = (request.query as Record<string, unknown> | undefined)?.[secretParam]
    return typeof given === 'string' && safeEqualText(given, secret) ? undefined : 'bad-hook-secret'
  }
}
