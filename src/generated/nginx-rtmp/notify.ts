/* Generated from schemas/nginx-rtmp/notify.schema.json by scripts/gen-types.mjs. Do not edit. */

export type Field = string | string[]

/**
 * Form fields of an nginx-rtmp notify request (application/x-www-form-urlencoded). The RTMP URL's query arguments arrive as extra fields; a repeated field arrives as a list.
 */
export interface NginxRtmpNotify {
  call:
    | 'connect'
    | 'publish'
    | 'play'
    | 'update_publish'
    | 'update_play'
    | 'publish_done'
    | 'play_done'
    | 'done'
    | 'disconnect'
  app?: Field
  name?: Field
  addr?: Field
  clientid?: Field
  tcurl?: Field
  flashver?: Field
  pageurl?: Field
  args?: Field
  [k: string]:
    | Field
    | 'connect'
    | 'publish'
    | 'play'
    | 'update_publish'
    | 'update_play'
    | 'publish_done'
    | 'play_done'
    | 'done'
    | 'disconnect'
    | undefined
}
