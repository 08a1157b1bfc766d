/* Generated from schemas/console/feed-event.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One Server-Sent Event of the console's live feed (data: <this JSON>): the decisions since the last event, and how many matching ones were left out because the watcher could not keep up.
 */
export interface ConsoleFeedEvent {
  decisions: {
    /**
     * When it was recorded, ms since the epoch.
     */
    at: number
    adapter: string
    action?: string
    app?: string
    stream?: string
    protocol?: string
    ip?: string
    outcome: string
    policy?: string
    rule?: string
    reason: string
    /**
     * The viewer or publisher the rules identified.
     */
    subject?: string
    /**
     * Seconds the session may last by the rules.
     */
    lifetime?: number
    ms: number
  }[]
  dropped: number
}
