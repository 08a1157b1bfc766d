/* Generated from schemas/rules/referer.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Allow and/or deny by the host of the Referer. Hosts are case-insensitive; `*.example.com` matches every subdomain of example.com but not example.com itself (list both for both).
 */
export type RefererOptions = ListOutcomes & {
  allow: HostPattern[]
  deny: HostPattern[]
  onMissing: ConfiguredOutcome3
  onMalformed: ConfiguredOutcome4
  onDenied?: unknown
  onAllowed?: unknown
  onNotAllowed?: unknown
}
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
export type HostPattern = string
/**
 * No or empty Referer: players and apps often send none.
 */
export type ConfiguredOutcome3 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * A Referer that is not a URL with a host.
 */
export type ConfiguredOutcome4 =
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
