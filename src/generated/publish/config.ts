/* Generated from schemas/publish/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Stream keys: publishers publish to a private key, viewers play the public stream name. Keys are stored hashed in the configured store.
 */
export interface PublishConfig {
  /**
   * RTMP URL argument that may carry the key when a publisher publishes to the public name (rtmp://host/app/<name>?key=<key>); otherwise the published name is the key.
   */
  keyArg: string
  /**
   * Publish attempts with a wrong key are counted per address; past maxFailures within windowSeconds the address is refused without a look-up.
   */
  bruteForce: {
    maxFailures: number
    windowSeconds: number
  }
  /**
   * Nimble publish control password: a publish request whose publishsign verifies with it needs no stream key.
   */
  signPassword?: string
}
