/* Generated from schemas/nimble/ppv-sync-request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Nimble's periodic pay-per-view report. Unknown fields are accepted: the format is only partly documented.
 */
export interface NimblePpvSyncRequest {
  ID: string
  Signature: string
  Puzzle: string
  PayPerViewInfo?: {
    VHost?: NimblePpvVHost[]
  }
}
export interface NimblePpvVHost {
  name?: string
  Application?: NimblePpvApplication[]
}
export interface NimblePpvApplication {
  name?: string
  Instance?: NimblePpvInstance[]
}
export interface NimblePpvInstance {
  name?: string
  Stream?: NimblePpvStream[]
}
export interface NimblePpvStream {
  name?: string
  Player?: NimblePpvPlayer[]
}
export interface NimblePpvPlayer {
  /**
   * The viewer id from the signed URL.
   */
  id: string | number
  ip?: string
  sessionid?: string | number
  /**
   * Seconds watched since the last report.
   */
  delta?: number
  /**
   * Bytes sent since the last report.
   */
  bytes_sent?: number
  user_agents?: string[]
}
