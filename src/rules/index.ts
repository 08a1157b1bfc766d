import type { RuleDefinition } from '../core/rule.js'
import concurrentSessions from './concurrent-sessions.js'
import geo from './geo.js'
import ipRange from './ip-range.js'
import payPerMinute from './pay-per-minute.js'
import payPerView from './pay-per-view.js'
import protocol from './protocol.js'
import referer from './referer.js'
import sessionCookie from './session-cookie.js'
import signedToken from './signed-token.js'
import streamKey from './stream-key.js'
import userAgent from './user-agent.js'

/** Every built-in rule; the registry is built from this list at start-up. */
export const builtinRules: Array<RuleDefinition<never>> = [ipRange, geo, referer, userAgent, protocol, payPerView, payPerMinute, concurrentSessions, signedToken, sessionCookie, streamKey]
