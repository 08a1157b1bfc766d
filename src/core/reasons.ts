import type { HookAuthRefusal } from '../adapters/hook-auth.js'
import type { RefusalReason } from '../adapters/nginx-auth-request/translate.js'
import type { PublishVerdict } from '../publish/plugin.js'
import type { TokenFailure } from '../signing/scheme.js'
import { PATH_REFUSALS } from './canonical-path.js'

const listRules = ['ip', 'geo', 'protocol', 'referer', 'user-agent'] as const
const listReasons = listRules.flatMap(name => [`${name}-denied`, `${name}-allowed`, `${name}-not-allowed`, `${name}-no-match`] as const)

const tokenReasons = ['token-valid', 'token-missing', 'token-malformed', 'token-bad-signature', 'token-expired', 'token-not-yet-valid',
  'token-ip-mismatch', 'token-path-mismatch', 'token-session-mismatch'] as const
const nginxRefusals = ['no-original-uri', 'bad-uri', 'no-client-ip', 'bad-client-ip'] as const
const hookRefusals = ['untrusted-hook-source', 'bad-hook-secret'] as const
/** OvenMediaEngine's signed admission calls: a signature that does not verify, a request.time too far from now. */
const signedHookRefusals = ['bad-hook-signature', 'stale-hook'] as const
const publishReasons = ['valid-key', 'valid-signature', 'bad-address', 'too-many-failures', 'no-key', 'unknown-key', 'unknown-stream', 'banned',
  'wrong-stream', 'store-error'] as const

/**
 * Every reason code streamgate's own decisions carry: the policy chain's, each built-in rule's, each adapter's
 * refusals and the publish check's. Reasons are Prometheus label values, so the set is closed: a custom rule
 * declares its own (RuleDefinition.reasons) and any other reason is counted as `undeclared-reason`.
 */
export const reasons: ReadonlySet<string> = new Set([
  // the policy chain
  'no-policy', 'all-abstained', 'rule-error', 'undeclared-reason',
  // adapters refusing what they cannot read
  'bad-request', 'invalid-message', 'bad-url', 'invalid-item', 'not-a-play-hook', ...nginxRefusals, ...hookRefusals, ...signedHookRefusals, ...PATH_REFUSALS,
  // rules
  ...listReasons, 'geo-unknown', 'referer-missing', 'referer-malformed', 'user-agent-missing',
  ...tokenReasons,
  'cookie-missing', 'cookie-signature-missing', 'cookie-signature-malformed', 'cookie-signature-valid', 'cookie-signature-mismatch',
  'no-viewer', 'no-session', 'store-timeout', 'store-error', 'entitled', 'not-entitled', 'window-paid', 'balance-exhausted',
  'session-admitted', 'session-limit', 'session-kicked',
  // publishing
  ...publishReasons
])

// the lists above cover the reason types the compiler knows: a new member there fails the type check here
type AssertNever<T extends never> = T
export type ReasonTypesCovered = [
  AssertNever<Exclude<TokenFailure, typeof tokenReasons[number]>>,
  AssertNever<Exclude<RefusalReason, typeof nginxRefusals[number] | typeof PATH_REFUSALS[number]>>,
  AssertNever<Exclude<HookAuthRefusal, typeof hookRefusals[number]>>,
  AssertNever<Exclude<PublishVerdict['reason'], typeof publishReasons[number]>>
]
