/* Generated from schemas/srs/hook-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Answer to an SRS hook: SRS goes on only for HTTP 200 with code 0. Refusals are HTTP 403 with code 403: SRS checks the status first, and a non-zero code refuses even where a status would not be read.
 */
export interface SrsHookResponse {
  code: 0 | 403
}
