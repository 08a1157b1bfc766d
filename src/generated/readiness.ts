/* Generated from schemas/readiness.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * GET /readyz: 200 when the store answers, 503 when it does not (Redis down), so a load balancer can take the instance out.
 */
export interface Readiness {
  status: 'ready' | 'unavailable'
  store: 'memory' | 'redis'
}
