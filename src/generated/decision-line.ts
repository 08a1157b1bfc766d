/* Generated from schemas/decision-line.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The fields of the log line written for every decision (msg "decision", level info), after pino's level, time, pid and hostname. No secret is ever part of it: no token, key, cookie or query.
 */
export interface DecisionLine {
  /**
   * The adapter that asked (nimble, nginx-auth-request...).
   */
  adapter: string
  action?: 'play' | 'publish'
  app?: string
  /**
   * The canonical path.
   */
  path?: string
  /**
   * The stream, or for a publish the public name the rules gave.
   */
  stream?: string
  protocol?: string
  ip?: string
  outcome: 'allow' | 'deny' | 'redirect'
  /**
   * The policy that decided; none when no policy matched or the adapter refused.
   */
  policy: string
  /**
   * The rule that decided; default when all abstained, adapter for a refusal.
   */
  rule: string
  reason: string
  /**
   * The viewer or publisher the rules identified.
   */
  subject?: string
  /**
   * Seconds the session may last by the rules.
   */
  lifetime?: number
  /**
   * Time to decide.
   */
  ms: number
}
