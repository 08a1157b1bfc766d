/* Generated from schemas/rules/pay-per-minute.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Meters viewing time from a balance in seconds. A session's first authorization takes one window from the balance; re-authorizations of that session within the window (HLS key fetches, on_update hooks) are free; the first one after it takes the next window. Retries never charge twice.
 */
export type PayPerMinuteOptions = StoreRuleOptions & {
  windowSeconds: number
  onCharged: ConfiguredOutcome2
  onExhausted: ConfiguredOutcome3
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
 * Outcome while the session's window is paid for.
 */
export type ConfiguredOutcome2 =
  | ('allow' | 'deny' | 'abstain')
  | {
      redirect: RedirectLocation
    }
/**
 * Outcome when the balance cannot pay the next window.
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
