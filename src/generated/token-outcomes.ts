/* Generated from schemas/token-outcomes.schema.json by scripts/gen-types.mjs. Do not edit. */

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
/**
 * What happens: allow, deny, abstain (let the next rule decide) or redirect to a URL (a stub stream, say). A relative redirect is completed from the request's host.
 */
export type ConfiguredOutcome1 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * What happens: allow, deny, abstain (let the next rule decide) or redirect to a URL (a stub stream, say). A relative redirect is completed from the request's host.
 */
export type ConfiguredOutcome2 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }

/**
 * Outcomes shared by the signature rules (signed-token, session-cookie): a valid signature gives onValid, no signature at all gives onMissing, any other failure (malformed, bad signature, expired, bound to another IP or path) gives onInvalid. onValid: abstain lets later rules (pay-per-view, say) decide once the viewer is identified.
 */
export interface TokenOutcomes {
  onValid: ConfiguredOutcome
  onMissing: ConfiguredOutcome1
  onInvalid: ConfiguredOutcome2
}
