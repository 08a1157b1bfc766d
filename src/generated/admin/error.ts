/* Generated from schemas/admin/error.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminError {
  error: string
  message?: string
}
