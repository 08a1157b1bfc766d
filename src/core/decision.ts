import type { ConfiguredOutcome } from '../generated/outcome.js'
import type { ConfiguredFinalOutcome } from '../generated/final-outcome.js'

export type { ConfiguredOutcome, ConfiguredFinalOutcome }

/**
 * What a rule answers: a final outcome, or `abstain` to let the next rule decide. An allow may carry `lifetime`:
 * the seconds the session may still last (a token's expiry, say).
 */
export type Verdict =
  | { outcome: 'allow', reason: string, lifetime?: number }
  | { outcome: 'deny', reason: string }
  | { outcome: 'redirect', reason: string, location: string }
  | { outcome: 'abstain', reason: string }

export type FinalVerdict = Exclude<Verdict, { outcome: 'abstain' }>

/** A final verdict with the id of the rule that gave it. */
export type Decision = FinalVerdict & { rule: string }

/** One rule's answer inside an evaluation, for logs and explain. */
export interface TraceEntry {
  rule: string
  outcome: Verdict['outcome'] | 'error'
  reason: string
}

export const allow = (reason: string): Verdict => ({ outcome: 'allow', reason })
export const deny = (reason: string): Verdict => ({ outcome: 'deny', reason })
export const abstain = (reason: string): Verdict => ({ outcome: 'abstain', reason })
export const redirect = (location: string, reason: string): Verdict => ({ outcome: 'redirect', reason, location })


export function verdictOf (outcome: ConfiguredFinalOutcome, reason: string): FinalVerdict
export function verdictOf (outcome: ConfiguredOutcome, reason: string): Verdict
export function verdictOf (outcome: ConfiguredOutcome, reason: string): Verdict {
  if (typeof outcome === 'object') return { outcome: 'redirect', reason, location: outcome.redirect }
  return { outcome, reason }
}
