/* Generated from schemas/final-outcome.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * A final outcome: allow, deny or redirect to a URL.
 */
export type ConfiguredFinalOutcome =
  | ('allow' | 'deny')
  | {
      redirect: RedirectLocation
    }
/**
 * A URL or stream name in visible ASCII (percent-encode anything else), without leading or trailing spaces: media servers read redirects from headers, which hold nothing else.
 */
export type RedirectLocation = string
