/* Generated from schemas/rules/session-cookie.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The encrypted-HLS pattern: the playlist's key URIs carry ?s=base64(HMAC(secret, "<session cookie> <stream name>")), and each key fetch is allowed only with the cookie the signature was made for. Needs an adapter that passes cookies (nginx auth_request); Nimble sends none, so there every request gets cookie-missing. Reasons: cookie-signature-valid, cookie-missing, cookie-signature-missing, cookie-signature-malformed, cookie-signature-mismatch.
 */
export type SessionCookieOptions = TokenOutcomes & {
  keys: SigningKeys
  /**
   * HMAC hash: sha1 matches set-misc's set_hmac_sha1.
   */
  hash: 'sha1' | 'sha256'
  /**
   * Name of the session cookie.
   */
  cookie: string
  /**
   * Query parameter carrying the signature.
   */
  param: string
  onValid?: unknown
  onMissing?: unknown
  onInvalid?: unknown
}
/**
 * What happens: allow, deny, abstain (let the next rule decide) or redirect to a URL (a stub stream, say). A relative redirect is completed from the request's host.
 */
export type ConfiguredOutcome =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * A URL or stream name in visible ASCII (percent-encode anything else), without leading or trailing spaces: media servers read redirects from headers, which hold nothing else.
 */
export type RedirectLocation = string
/**
 * What happens: allow, deny, abstain (let the next rule decide) or redirect to a URL (a stub stream, say). A relative redirect is completed from the request's host.
 */
export type ConfiguredOutcome1 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * What happens: allow, deny, abstain (let the next rule decide) or redirect to a URL (a stub stream, say). A relative redirect is completed from the request's host.
 */
export type ConfiguredOutcome2 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * Named secrets a signature may be made with. Tokens that carry a key id (native) are checked with that key only; other schemes try each key, which is how a key is rotated: add the new one, move the signer to it, remove the old one once the last link made with it has expired. Write secrets as ${ENV} placeholders; they are never logged.
 *
 * @minItems 1
 */
export type SigningKeys = [SigningKey, ...SigningKey[]]

/**
 * Outcomes shared by the signature rules (signed-token, session-cookie): a valid signature gives onValid, no signature at all gives onMissing, any other failure (malformed, bad signature, expired, bound to another IP or path) gives onInvalid. onValid: abstain lets later rules (pay-per-view, say) decide once the viewer is identified.
 */
export interface TokenOutcomes {
  onValid: ConfiguredOutcome
  onMissing: ConfiguredOutcome1
  onInvalid: ConfiguredOutcome2
}
export interface SigningKey {
  /**
   * Key id (kid), written into native tokens.
   */
  id: string
  secret: string
  /**
   * How secret is written: text, or bytes in hex (Akamai's keys) or base64.
   */
  encoding: 'utf8' | 'hex' | 'base64'
}
