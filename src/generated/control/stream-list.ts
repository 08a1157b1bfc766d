/* Generated from schemas/control/stream-list.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface StreamList {
  streams: StreamInfo[]
}
/**
 * A stream's public state; never its key or key hash.
 */
export interface StreamInfo {
  name: string
  hasKey: boolean
  banned: boolean
  live: boolean
  liveAt?: string
  publisherIp?: string
}
