/* Generated from schemas/nimble-publish/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Nimble Streamer publish control: a batched PublishAuthRequest answered with a PublishAuthResponse item per seq.
 */
export interface NimblePublishConfig {
  enabled: boolean
  path: string
  hookAuth: HookAuthConfig
}
/**
 * Who may call a media server's hooks: a call must come from one of allowFrom and, when a secret is set, carry it in the hook URL's query (?<secretParam>=<secret>). Anything else is refused with 403.
 */
export interface HookAuthConfig {
  /**
   * Addresses and CIDR ranges the media server calls from (the TCP peer; forwarding headers are ignored). Loopback only by default; ["0.0.0.0/0", "::/0"] leaves the check to the secret.
   *
   * @minItems 1
   */
  allowFrom: [string, ...string[]]
  /**
   * Shared secret the media server puts in the hook URL's query; compared in constant time, never logged.
   */
  secret?: string
  /**
   * Name of the query parameter that carries the secret.
   */
  secretParam: string
}
