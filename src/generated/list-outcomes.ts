/* Generated from schemas/list-outcomes.schema.json by scripts/gen-types.mjs. Do not edit. */

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
 * Outcomes shared by the allow/deny list rules. A deny-list match gives onDenied; an allow-list match gives onAllowed; no match on a configured allow list gives onNotAllowed; otherwise the rule abstains.
 */
export interface ListOutcomes {
  onDenied: ConfiguredOutcome
  onAllowed: ConfiguredOutcome1
  onNotAllowed: ConfiguredOutcome2
}
