/* Generated from schemas/outcome.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * What happens: allow, deny, abstain (let the next rule decide) or redirect to a URL (a stub stream, say). A relative redirect is completed from the request's host.
 */
export type ConfiguredOutcome =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * A URL or stream name in visible ASCII (percent-encode anything else), without leading or trailing spaces: media servers read redirects from headers, which hold nothing else.
 */
export type RedirectLocation = string
