import type { ConfiguredOutcome } from '../generated/outcome.js'
import type { AccessRequest } from './access-request.js'
import type { ConfiguredFinalOutcome } from '../generated/final-outcome.js'

export type { ConfiguredOutcome, ConfiguredFinalOutcome }

/**
 * What a rule found out besides its outcome; any verdict may carry it, abstain included, and later rules of the
 * same evaluation read it from the EvaluationContext.
 */
export interface VerdictData {
  /** The viewer or publisher this rule identified (a token's viewer id, the owner of a stream key). */
  subject?: string
  /** Seconds the session may still last by this rule (a token's expiry, an entitlement's, what a balance pays for). */
  lifetime?: number
  /** Publish only: the public stream name; a rename when it differs from the name published under. */
  stream?: string
}

/** What a rule answers: a final outcome, or `abstain` to let the next rule decide. */
export type Verdict = VerdictData & (
  | { outcome: 'allow', reason: string }
  | { outcome: 'deny', reason: string }
  | { outcome: 'redirect', reason: string, location: string }
  | { outcome: 'abstain', reason: string })

export type FinalVerdict = Exclude<Verdict, { outcome: 'abstain' }>

/**
 * A final verdict with the id of the rule that gave it, and what the whole chain found out: the last subject and
 * stream a verdict gave, the shortest lifetime any gave.
 */
export type Decision = FinalVerdict & { rule: string }

/** One rule's answer inside an evaluation, with the data it gave, for logs and explain. */
export interface TraceEntry extends VerdictData {
  rule: string
  outcome: Verdict['outcome'] | 'error'
  reason: string
}

export const allow = (reason: string, data?: VerdictData): Verdict => ({ outcome: 'allow', reason, ...data })
export const deny = (reason: string, data?: VerdictData): Verdict => ({ outcome: 'deny', reason, ...data })
export const abstain = (reason: string, data?: VerdictData): Verdict => ({ outcome: 'abstain', reason, ...data })
export const redirect = (location: string, reason: string): Verdict => ({ outcome: 'redirect', reason, location })

export function verdictOf (outcome: ConfiguredFinalOutcome, reason: string, data?: VerdictData): FinalVerdict
export function verdictOf (outcome: ConfiguredOutcome, reason: string, data?: VerdictData): Verdict
export function verdictOf (outcome: ConfiguredOutcome, reason: string, data?: VerdictData): Verdict {
  if (typeof outcome === 'object') return { outcome: 'redirect', reason, location: outcome.redirect, ...data }
  return { outcome, reason, ...data }
}

/**
 * Why an adapter will refuse a decision the chain let in, or undefined when its media server can carry it out: a
 * redirect it cannot send, a rename it cannot make. The policy turns such a decision into that refusal before it keeps
 * or takes back the request's store writes, so the state kept, the decision line and the answer agree.
 */
export type CannotCarryOut = (decision: Decision) => string | undefined

/** A media server that cannot send a client elsewhere. */
export const cannotRedirect: CannotCarryOut = decision => decision.outcome === 'redirect' ? 'cannot-redirect' : undefined

/**
 * A media server that publishes under the name asked for or not at all: an allow that names another public name is no
 * allow for this one.
 */
export const publishesAsAsked = (stream: string): CannotCarryOut => decision =>
  cannotRedirect(decision) ?? (decision.stream === undefined || decision.stream === stream ? undefined : 'cannot-rename')

/** A media server that neither redirects a client nor renames a publisher (SRS, MediaMTX, Icecast, Nimble). */
export const neitherRedirectNorRename = (access: AccessRequest): CannotCarryOut =>
  access.action === 'publish' ? publishesAsAsked(access.url.stream) : cannotRedirect
