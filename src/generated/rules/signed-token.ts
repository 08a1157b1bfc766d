/* Generated from schemas/rules/signed-token.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Signed playback URLs: verifies a token in the URL's query made by the operator's website (streamgate's native token, Nimble/WMSPanel wmsAuthSign, nginx secure_link, Akamai EdgeAuth hdnts/__token__ or Wowza SecureToken v2). Reasons: token-valid, token-missing, token-malformed, token-bad-signature, token-expired, token-not-yet-valid, token-ip-mismatch, token-path-mismatch, token-session-mismatch. A valid native or Nimble pay-per-view token sets the request's viewerId for later rules.
 */
export type SignedTokenOptions = TokenOutcomes & {
  scheme: 'native' | 'nimble' | 'nginx-secure-link' | 'akamai' | 'wowza'
  /**
   * Query parameter carrying the token. Default by scheme: native token, nimble wmsAuthSign, akamai hdnts or __token__ (in the query or a cookie; when set, akamai reads only this name); nginx-secure-link and wowza name theirs in their own section.
   */
  param?: string
  keys: SigningKeys
  /**
   * How far the signer's clock may differ from streamgate's: a token stays valid this long after it expires, and is accepted this long before it starts.
   */
  clockSkewSeconds: number
  nimble: {
    /**
     * Accept only signatures that include the viewer's IP (otherwise both forms are accepted, as with checkip absent).
     */
    requireIp: boolean
    /**
     * The validminutes values every signer of the key uses. Set, a token with any other validminutes (or one written with a leading zero) is token-malformed, and a signed stream may start with a digit; unset, a signed stream starting with a digit is token-malformed, since its first digits could be read as more validminutes (validminutes 10 for 1tv/news is 101 for tv/news). No value may begin another (10 and 100).
     *
     * @minItems 1
     * @maxItems 32
     */
    validMinutes?: [number, ...number[]]
  }
  nginx: {
    /**
     * nginx's secure_link_md5 expression with the secret written as $secret; it must contain $secure_link_expires (streamgate always reads the expires argument, which must be signed). Variables: $secure_link_expires, $uri, $remote_addr, $host, $http_user_agent, $http_referer, $arg_<name>, $cookie_<name>. It must read one way only: at most one free-text variable ($uri, $host, $http_*, $arg_*, $cookie_*), and $secure_link_expires and $remote_addr separated from it by a character they cannot hold (so not nginx's example $uri$remote_addr: write $uri $remote_addr in secure_link_md5 too).
     */
    expression: string
    /**
     * The argument secure_link reads the hash from ($arg_md5).
     */
    hashParam: string
    /**
     * The argument secure_link reads the expiry from ($arg_expires).
     */
    expiresParam: string
  }
  akamai: {
    algorithm: 'sha256' | 'sha1' | 'md5'
    /**
     * Extra secret hashed as ~salt=, when the property uses one.
     */
    salt?: string
  }
  wowza: {
    /**
     * Query parameter prefix (<prefix>hash, <prefix>endtime, <prefix>starttime).
     */
    prefix: string
    algorithm: 'sha256' | 'sha384' | 'sha512'
    /**
     * The client IP address is part of the hash (Wowza's 'Include client IP address in hash generation').
     */
    includeClientIp: boolean
    /**
     * How the hash input is sorted. pairs: the name=value strings, the secret and the IP sorted as text, Wowza's documented rule. names: sorted by parameter name, as remiheens/php-wowza-securetoken and its JavaScript ports sign. They differ only when one parameter name begins another (wowzatokenp1, wowzatokenp10).
     */
    order: 'pairs' | 'names'
  }
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
