import type { RuleDefinition } from '../core/rule.js'
import concurrentSessions from './concurrent-sessions.js'
import ipRange from './ip-range.js'
import payPerMinute from './pay-per-minute.js'
import payPerView from './pay-per-view.js'
import sessionCookie from './session-cookie.js'
import signedToken from './signed-token.js'

/** Every built-in rule; the registry is built from this list at start-up. */
export const builtinRules: Array<RuleDefinition<never>> = [ipRange, payPerView, payPerMinute, concurrentSessions, signedToken, sessionCookie]
