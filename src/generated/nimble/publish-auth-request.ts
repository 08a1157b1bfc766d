/* Generated from schemas/nimble/publish-auth-request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Nimble's batched publish control request. Items are checked one by one (nimble/publish-auth-item), so one bad item fails alone.
 */
export interface NimblePublishAuthRequest {
  /**
   * @maxItems 1000
   */
  PublishAuthRequest: unknown[]
}
