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
}
