/* Generated from schemas/rules/user-agent.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Allow and/or deny by the viewer's User-Agent: browser name, OS name and device type as ua-parser-js reads them (device `desktop` when it names none), or regular expressions over the whole string. All comparisons are case-insensitive. A match on any deny criterion denies; with allow criteria, a User-Agent matching none of them gets onNotAllowed.
 */
export type UserAgentOptions = ListOutcomes & {
  allow: UserAgentCriteria
  deny: UserAgentCriteria1
  onMissing: ConfiguredOutcome3
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
 * No or empty User-Agent.
 */
export type ConfiguredOutcome3 =
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
export interface UserAgentCriteria {
  /**
   * e.g. Chrome, Firefox, Mobile Safari, VLC
   */
  browsers?: string[]
  /**
   * e.g. Windows, Mac OS, iOS, Android, Linux
   */
  os?: string[]
  devices?: ('desktop' | 'mobile' | 'tablet' | 'console' | 'smarttv' | 'wearable' | 'embedded')[]
  /**
   * Regular expressions (JavaScript syntax), matched case-insensitively anywhere in the User-Agent.
   */
  patterns?: string[]
}
export interface UserAgentCriteria1 {
  /**
   * e.g. Chrome, Firefox, Mobile Safari, VLC
   */
  browsers?: string[]
  /**
   * e.g. Windows, Mac OS, iOS, Android, Linux
   */
  os?: string[]
  devices?: ('desktop' | 'mobile' | 'tablet' | 'console' | 'smarttv' | 'wearable' | 'embedded')[]
  /**
   * Regular expressions (JavaScript syntax), matched case-insensitively anywhere in the User-Agent.
   */
  patterns?: string[]
}
