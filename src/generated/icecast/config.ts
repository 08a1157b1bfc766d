/* Generated from schemas/icecast/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Icecast 2.4 URL authentication (<authentication type="url"> in a <mount>): listener_add, listener_remove, stream_auth, mount_add and mount_remove all pointed at one route that dispatches on the action field.
 */
export interface IcecastAdapterConfig {
  enabled: boolean
  /**
   * Route every URL option of the mount's authentication points at.
   */
  path: string
  /**
   * The header line that admits a listener or source: the mount's auth_header option, exactly as written there, with one space after the colon (Icecast compares the line Node writes, `name: value`, with it).
   */
  authHeader: string
  /**
   * The header that tells Icecast how many seconds a listener may stay: the mount's timelimit_header option without its colon.
   */
  timelimitHeader: string
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
