/* Generated from schemas/admin/session-params.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminSessionParams {
  viewer: string
  session: string
}
