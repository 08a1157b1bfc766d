/* Generated from schemas/control/key-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * A newly issued key: shown this once, stored only as its hash.
 */
export interface StreamKeyResponse {
  name: string
  key: string
}
