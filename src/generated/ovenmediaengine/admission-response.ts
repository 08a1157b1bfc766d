/* Generated from schemas/ovenmediaengine/admission-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The answer OME reads (OME docs, "Admission Webhooks" > "Response"): to an opening, allowed, and optionally new_url, lifetime (ms, 0 = unlimited) and reason; to a closing, an empty object.
 */
export interface OmeAdmissionResponse {
  allowed?: boolean
  new_url?: string
  lifetime?: number
  reason?: string
}
