import type { ListOutcomes } from '../generated/list-outcomes.js'
import type { Verdict } from './decision.js'
import { abstain, verdictOf } from './decision.js'

/**
 * The common decision of the allow/deny list rules: a deny-list match wins, then an allow-list match,
 * then a miss on a configured allow list; with neither list matching the rule abstains.
 * `allowed` is undefined when no allow list is configured.
 */
export function listVerdict (name: string, denied: boolean, allowed: boolean | undefined, outcomes: ListOutcomes): Verdict {
  if (denied) return verdictOf(outcomes.onDenied, `${name}-denied`)
  if (allowed === true) return verdictOf(outcomes.onAllowed, `${name}-allowed`)
  if (allowed === false) return verdictOf(outcomes.onNotAllowed, `${name}-not-allowed`)
  return abstain(`${name}-no-match`)
}
