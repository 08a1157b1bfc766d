/* Generated from schemas/nimble/publish-auth-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One answer per request item, with its seq.
 */
export interface NimblePublishAuthResponse {
  PublishAuthResponse: {
    seq: string
    status: 'success' | 'fail'
  }[]
}
