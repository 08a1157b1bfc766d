/* Generated from schemas/console/feed-query.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Filters of the console's live decision feed; each one given must match. Empty means any.
 */
export interface ConsoleFeedQuery {
  outcome?: '' | 'allow' | 'deny' | 'redirect'
  /**
   * Exactly this adapter.
   */
  adapter?: string
  /**
   * Exactly this reason code.
   */
  reason?: string
  /**
   * Part of app/stream.
   */
  stream?: string
  /**
   * Start of the client address.
   */
  ip?: string
}
