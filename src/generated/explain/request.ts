/* Generated from schemas/explain/request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Any adapter's message, to be decided without side effects (no metering, no session counting).
 */
export interface ExplainRequest {
  /**
   * Adapter whose wire format the message is in, e.g. nimble.
   */
  adapter: string
  /**
   * The message as the media server sends it.
   */
  message: {
    [k: string]: unknown
  }
}
