/* Generated from schemas/admin/entitlement-target.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Which entitlement to revoke: exactly one of stream, glob or event (query parameters).
 */
export type AdminEntitlementTarget = {
  stream?: string
  glob?: string
  event?: string
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
