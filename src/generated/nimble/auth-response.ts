/* Generated from schemas/nimble/auth-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.
 */
export interface NimbleAuthResponse {
  return_code: 200 | 302 | 403
  redirect_location?: string
}
