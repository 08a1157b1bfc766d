/* Generated from schemas/admin/entitlement-list.schema.json by scripts/gen-types.mjs. Do not edit. */

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

export interface AdminEntitlementList {
  viewer: string
  entitlements: AdminEntitlement[]
}
