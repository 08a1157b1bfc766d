/* Generated from schemas/control/list-query.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * GET /v1/streams?live=true lists only the streams live now.
 */
export interface ListQuery {
  live?: 'true' | 'false'
  jwt?: string
}
