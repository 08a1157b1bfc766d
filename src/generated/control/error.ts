/* Generated from schemas/control/error.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface ControlError {
  error: string
  code?: string
}
