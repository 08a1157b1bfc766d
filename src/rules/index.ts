import type { RuleDefinition } from '../core/rule.js'
import ipRange from './ip-range.js'

/** Every built-in rule; the registry is built from this list at start-up. */
export const builtinRules: Array<RuleDefinition<never>> = [ipRange]
