/* Generated from schemas/admin/top-up.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Seconds of viewing to add to a viewer's balance (negative to take some back).
 */
export interface AdminTopUp {
  seconds: number
}
