/* Generated from schemas/rules/stream-key.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Stream keys for publishers: a publish is allowed when its key is a stream's current key and the stream is not banned (the verdict names the stream's public name as stream and subject), or, with signPassword, when its Nimble publishsign verifies. Wrong keys are counted per address before the look-up. Play requests are not its business: it abstains. Reasons: valid-key, valid-signature, bad-address, too-many-failures, no-key, unknown-key, banned, wrong-stream, store-error, not-a-publish.
 */
export interface StreamKeyOptions {
  /**
   * A right key (or signature): allow, or abstain so that later rules decide, knowing the publisher (ctx.subject) and the public name (ctx.stream). Any other case is a deny.
   */
  onValid: 'allow' | 'abstain'
  /**
   * Publish attempts with a wrong key are counted per address (an IPv6 address as its /64); past maxFailures within windowSeconds the address is refused without a look-up.
   */
  bruteForce: {
    maxFailures: number
    windowSeconds: number
  }
  /**
   * Nimble publish control password: a publish whose publishsign verifies with it for the stream (and the publisher's address, when signed) needs no stream key.
   */
  signPassword?: string
}
