/* Generated from schemas/publish/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Where publishers present stream keys. Publishers publish to a private key, viewers play the public stream name; keys are stored hashed in the configured store and checked by the stream-key rule of a publish policy.
 */
export interface PublishConfig {
  /**
   * RTMP URL argument that may carry the key when a publisher publishes to the public name (rtmp://host/app/<name>?key=<key>); otherwise the published name is the key.
   */
  keyArg: string
}
