/* Generated from schemas/nimble/publish-auth-item.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One publisher in a PublishAuthRequest: id is the publisher's id (a stream key, or the id signed into publishsign), stream is app/stream.
 */
export interface NimblePublishAuthItem {
  seq: string | number
  id: string
  ip?: string
  stream: string
  /**
   * base64("id=ID&sign=SIGN[&ip=IP]") when Nimble passes it on.
   */
  publishsign?: string
}
