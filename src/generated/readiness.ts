/* Generated from schemas/readiness.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * GET /readyz: 200 when the store answers, 503 when it does not (Redis down), so a load balancer can take the instance out. A store that lost its data still answers: it stays 200 and says when in dataLostAt (every instance shares the store, so taking them out would refuse everything rather than fix anything).
 */
export interface Readiness {
  status: 'ready' | 'unavailable'
  store: 'memory' | 'redis'
  /**
   * When this instance last found the store's data gone (a Redis restarted empty or flushed): sessions, entitlements, balances and stream keys written before are lost. Absent when it never happened.
   */
  dataLostAt?: string
}
