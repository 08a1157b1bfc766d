/* Generated from schemas/signing/native-token.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * What a native streamgate token asserts. The token is base64url(JSON of these claims) '.' base64url(HMAC-SHA256(key kid, the first part)).
 */
export interface NativeTokenClaims {
  v: 1
  kid: string
  /**
   * The stream path the token is for; a trailing * makes it a prefix (/live/stream/* covers the playlist, chunklists and segments).
   */
  path: string
  /**
   * Unix seconds; the token is valid through this second (plus the clock skew allowance).
   */
  exp: number
  /**
   * Unix seconds before which the token is not valid yet (minus the skew allowance).
   */
  nbf?: number
  /**
   * Client address or CIDR prefix the token is bound to.
   */
  ip?: string
  /**
   * Media server session id the token is bound to.
   */
  sid?: string
  /**
   * Viewer or account id; becomes AccessRequest.viewerId.
   */
  sub?: string
}
