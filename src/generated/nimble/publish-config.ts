/* Generated from schemas/nimble/publish-config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Nimble Streamer publish control: a batched PublishAuthRequest answered with a PublishAuthResponse item per seq.
 */
export interface NimblePublishConfig {
  enabled: boolean
  path: string
}
