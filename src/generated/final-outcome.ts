/* Generated from schemas/final-outcome.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * A final outcome: allow, deny or redirect to a URL.
 */
export type ConfiguredFinalOutcome =
  | ('allow' | 'deny')
  | {
      redirect: string
    }
