/* Generated from schemas/rules/ip-range.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Allow and/or deny viewers by IPv4/IPv6 address or CIDR range. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 ranges.
 */
export type IpRangeOptions = ListOutcomes & {
  /**
   * Addresses or CIDRs; when non-empty, an address outside them gets onNotAllowed.
   */
  allow: string[]
  /**
   * Addresses or CIDRs that get onDenied.
   */
  deny: string[]
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

/**
 * Outcomes shared by the allow/deny list rules. A deny-list match gives onDenied; an allow-list match gives onAllowed; no match on a configured allow list gives onNotAllowed; otherwise the rule abstains.
 */
export interface ListOutcomes {
  onDenied: ConfiguredOutcome
  onAllowed: ConfiguredOutcome1
  onNotAllowed: ConfiguredOutcome2
}
