/* Generated from schemas/nginx-rtmp/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * nginx-rtmp-module notify hooks (on_connect, on_publish, on_publish_done, on_play, on_play_done, on_done, on_update), all pointed at one route that dispatches on the call field.
 */
export interface NginxRtmpAdapterConfig {
  enabled: boolean
  /**
   * Route every on_* directive points at.
   */
  path: string
  /**
   * when-renamed: a publish whose name already is the public name (key given in an argument) is answered 200; always: every accepted publish is answered 302 Location: <public name>.
   */
  redirect: 'when-renamed' | 'always'
  /**
   * nginx.conf's notify_update_timeout, in seconds (nginx-rtmp's default: 30). A connection holds its one stream for three of these after its last update, or after its play or publish.
   */
  notifyUpdateSeconds: number
  /**
   * Applications that serve files with nginx-rtmp's play directive (video on demand), named as in nginx.conf. A play there is decided on the file nginx-rtmp opens: without an mp4: prefix, with .flv or .mp4 added where nginx-rtmp adds it, so mp4:movie, movie.mp4 and MP4:movie are one stream to the rules.
   */
  vodApps: string[]
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
