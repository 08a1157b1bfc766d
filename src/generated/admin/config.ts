/* Generated from schemas/admin/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The admin API for pay-per-view and limits: entitlements, balances, sessions. Off unless enabled; callers send Authorization: Bearer <token>.
 */
export interface AdminConfig {
  enabled: boolean
  prefix: string
  /**
   * Bearer secret of the admin API.
   */
  token?: string
}
