/* Generated from schemas/console/counts.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Decisions by outcome and reason in buckets of bucketSeconds over the last 15 minutes; buckets without decisions are left out.
 */
export interface ConsoleCounts {
  now: number
  bucketSeconds: number
  buckets: {
    /**
     * ms since the epoch
     */
    start: number
    counts: {
      outcome: string
      reason: string
      count: number
    }[]
  }[]
}
