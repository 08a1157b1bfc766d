/* Generated from schemas/control/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Stream key administration: LiveGo-compatible /control/get|reset|delete?room= and REST /v1/streams. It hands out publish keys, so it needs jwt when enabled.
 */
export interface ControlApiConfig {
  enabled: boolean
  jwt?: JwtAuthConfig
}
/**
 * Bearer JWTs for admin APIs, from Authorization: Bearer <token> or ?jwt=<token>. The algorithm is pinned: a token signed otherwise (or alg none) is refused. HS* takes secret; RS*, PS*, ES* and EdDSA take exactly one of publicKey, jwks, jwksUrl.
 */
export interface JwtAuthConfig {
  algorithm:
    | 'HS256'
    | 'HS384'
    | 'HS512'
    | 'RS256'
    | 'RS384'
    | 'RS512'
    | 'PS256'
    | 'PS384'
    | 'PS512'
    | 'ES256'
    | 'ES384'
    | 'ES512'
    | 'EdDSA'
  /**
   * HMAC secret (at least 32 characters).
   */
  secret?: string
  /**
   * SPKI PEM public key.
   */
  publicKey?: string
  /**
   * An inline JSON Web Key Set.
   */
  jwks?: {keys: Array<Record<string, unknown>>}
  /**
   * Where to fetch the JSON Web Key Set (cached, refetched for unknown kids): https, or plain http on this host only (keys fetched over a network in clear would be anyone's on the path).
   */
  jwksUrl?: string
  /**
   * Required aud claim. Required with jwks or jwksUrl: an identity provider's keys sign tokens for other services too.
   */
  audience?: string
  /**
   * Required iss claim.
   */
  issuer?: string
  clockToleranceSeconds: number
  /**
   * Refuse tokens without an exp claim.
   */
  requireExpiry: boolean
}
