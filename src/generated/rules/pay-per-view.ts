/* Generated from schemas/rules/pay-per-view.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Allows a viewer entitled to the stream: directly (app/stream), by a glob (live/*), or through an event naming the stream. Entitlements live in the store and are granted through the admin API.
 */
export type PayPerViewOptions = StoreRuleOptions & {
  /**
   * Event id → the streams (app/stream globs) it covers.
   */
  events: {
    [k: string]: string[]
  }
  onEntitled: ConfiguredOutcome2
  onNotEntitled: ConfiguredOutcome3
  viewer?: unknown
  onUnidentified?: unknown
  onError?: unknown
  timeoutMs?: unknown
}
/**
 * Outcome when the request carries no viewer id (or, where sessions are counted, no session id).
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
 * Outcome when the store fails or does not answer within timeoutMs.
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
 * A redirect to a purchase or stub stream, say.
 */
export type ConfiguredOutcome3 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }

/**
 * Options shared by the rules that keep per-viewer state in the store (pay-per-view, pay-per-minute, concurrent-sessions).
 */
export interface StoreRuleOptions {
  viewer: ViewerSource
  onUnidentified: ConfiguredOutcome
  onError: ConfiguredOutcome1
  /**
   * ms the rule waits for a store that has answered nothing meanwhile before it answers onError; a write reaching Redis later changes nothing, one whose reply comes later is undone. An unreachable store fails at once; a store that keeps answering other calls (this instance is busy, not the store down) is waited for up to 10 × timeoutMs.
   */
  timeoutMs: number
}
/**
 * Where the viewer id comes from. The subject an earlier rule established (a signed token's viewer id) always wins; without one, `query` or `cookie` reads the named parameter or cookie, `subject` reads nothing else.
 */
export interface ViewerSource {
  from: 'subject' | 'query' | 'cookie'
  /**
   * Query parameter or cookie name.
   */
  name?: string
}
