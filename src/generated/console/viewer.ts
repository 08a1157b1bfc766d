/* Generated from schemas/console/viewer.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One entitlement: exactly one of stream (app/stream), glob (app/stream pattern with * and ?) or event, and when it ends.
 */
export type AdminEntitlement = {
  stream?: string
  glob?: string
  event?: string
  /**
   * Never expires when absent.
   */
  expiresAt?: string
} & (
  | {
      stream: unknown
    }
  | {
      glob: unknown
    }
  | {
      event: unknown
    }
)

/**
 * Everything the console shows of one viewer: entitlements, balance and live sessions.
 */
export interface ConsoleViewer {
  viewer: string
  entitlements: AdminEntitlement[]
  balance: AdminBalance
  sessions: AdminSessionList
}
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
export interface AdminSessionList {
  viewer: string
  stream?: string
  sessions: {
    session: string
    expiresAt: string
  }[]
}
