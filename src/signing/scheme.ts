import type { AccessRequest } from '../core/access-request.js'
import type { SignedTokenOptions } from '../generated/rules/signed-token.js'
import type { SigningKey } from './keys.js'
import { errors } from '../errors.js'

export type TokenFailure =
  | 'token-missing'
  | 'token-malformed'
  | 'token-bad-signature'
  | 'token-expired'
  | 'token-not-yet-valid'
  | 'token-ip-mismatch'
  | 'token-path-mismatch'
  | 'token-session-mismatch'

/** A token that holds: until when (Unix seconds), and the viewer or account id it names, if any. */
export type TokenCheck = { ok: true, expires: number, subject?: string } | { ok: false, reason: TokenFailure }

export const fail = (reason: TokenFailure): TokenCheck => ({ ok: false, reason })
export const pass = (expires: number, subject?: string): TokenCheck => subject === undefined ? { ok: true, expires } : { ok: true, expires, subject }

export interface TokenVerifier {
  /** `now` in whole Unix seconds. Never throws: every problem is a failure reason. */
  verify (request: AccessRequest, now: number): TokenCheck
}

/** What a website knows when it signs a URL. Times in Unix seconds. */
export interface SignParams {
  /** The stream path the URL requests. */
  path: string
  /** Path pattern the token covers, for schemes that sign a prefix or ACL (native, akamai, nimble); default the path (nimble: the stream's folder). */
  scope?: string
  key: SigningKey
  issuedAt: number
  expires: number
  /** Viewer address, or a CIDR prefix where the scheme allows one (native). */
  ip?: string
  viewerId?: string
  sessionId?: string
}

export interface Scheme {
  verifier (options: SignedTokenOptions, keys: SigningKey[]): TokenVerifier
  /** Query parameters to add to the URL. Throws when the scheme cannot carry a requested binding. */
  sign (params: SignParams, options: SignedTokenOptions): Record<string, string>
}

/**
 * The time window with the skew allowance: valid from notBefore - skew through expires + skew, both
 * inclusive, so a token that expires at second T is still good during second T + skew.
 */
export function checkWindow (now: number, skew: number, expires: number, notBefore?: number): TokenCheck {
  if (notBefore !== undefined && now < notBefore - skew) return fail('token-not-yet-valid')
  if (now > expires + skew) return fail('token-expired')
  return pass(expires)
}

/** Refuses a binding a scheme's tokens cannot express, so a signer never hands out a weaker URL than asked for. */
export function unsupported (scheme: string, what: string): never {
  throw new errors.SignRefused(`the ${scheme} scheme cannot carry ${what}`)
}
