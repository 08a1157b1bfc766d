/* Generated from schemas/admin/balance.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminBalance {
  viewer: string
  /**
   * Seconds of viewing left (negative when a media server reported more than was left).
   */
  seconds: number
  /**
   * Bytes sent to the viewer, as reported by Nimble's pay-per-view sync.
   */
  bytes: number
}
