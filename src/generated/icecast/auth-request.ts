/* Generated from schemas/icecast/auth-request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The form Icecast 2.4's URL authenticator POSTs (see /usr/share/doc/icecast2/auth.html). Icecast 2.4.4 also sends ip with stream_auth, and the mount of listener_remove with its query, which the documentation leaves out. A field sent twice is refused. listener_add and stream_auth must carry the client's ip.
 */
export type IcecastAuthRequest = {
  action: 'listener_add' | 'listener_remove' | 'stream_auth' | 'mount_add' | 'mount_remove'
  /**
   * The mount; for listeners the request target with its query, as the listener sent it.
   */
  mount: string
  /**
   * Icecast's <hostname>.
   */
  server?: string
  port?: string
  /**
   * Icecast's id of the listener's connection.
   */
  client?: string
  user?: string
  pass?: string
  ip?: string
  agent?: string
  duration?: string
  admin?: string
  [k: string]: string | 'listener_add' | 'listener_remove' | 'stream_auth' | 'mount_add' | 'mount_remove' | undefined
}
