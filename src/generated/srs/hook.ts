/* Generated from schemas/srs/hook.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * An SRS http_hooks call (SRS docs "HTTP Callback"; trunk/src/app/srs_app_http_hooks.cpp). server_id, stream_url and stream_id come with SRS 4 and later, client_id is a number before SRS 4 and a string since; on_connect and on_close have no stream; on_dvr and on_hls add file fields. Unknown fields are accepted.
 */
export interface SrsHook {
  action: 'on_connect' | 'on_close' | 'on_publish' | 'on_unpublish' | 'on_play' | 'on_stop' | 'on_dvr' | 'on_hls'
  server_id?: string
  client_id: string | number
  /**
   * The client's address; checked (an IP address) where a decision needs it.
   */
  ip: string
  vhost: string
  app: string
  stream?: string
  /**
   * The client URL's query with its leading ? (empty when there is none).
   */
  param?: string
  tcUrl?: string
  pageUrl?: string
  stream_url?: string
  stream_id?: string
}
