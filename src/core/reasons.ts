import { errors } from '../errors.js'
import { PATH_REFUSALS } from './canonical-path.js'

const listRules = ['ip', 'geo', 'protocol', 'referer', 'user-agent'] as const
const listReasons = listRules.flatMap(name => [`${name}-denied`, `${name}-allowed`, `${name}-not-allowed`, `${name}-no-match`] as const)

export const tokenReasons = ['token-valid', 'not-a-play', 'token-missing', 'token-malformed', 'token-bad-signature', 'token-expired', 'token-not-yet-valid',
  'token-ip-mismatch', 'token-path-mismatch', 'token-session-mismatch'] as const
export const nginxRefusals = ['no-original-uri', 'bad-uri', 'no-client-ip', 'bad-client-ip'] as const
export const hookRefusals = ['untrusted-hook-source', 'bad-hook-secret'] as const
/** Signed hooks (OvenMediaEngine's, any verified JSON body): a signature that does not verify (or a verify that threw), a request.time too far from now. */
const signedHookRefusals = ['bad-hook-signature', 'stale-hook'] as const
const carryOutRefusals = ['cannot-redirect', 'cannot-rename', 'bad-redirect-location', 'redirect-changed'] as const
export const streamKeyReasons = ['valid-key', 'valid-signature', 'bad-address', 'too-many-failures', 'no-key', 'unknown-key', 'banned',
  'wrong-stream', 'store-error', 'not-a-publish'] as const

/**
 * Every reason code streamgate's own decisions carry: the policy chain's, each built-in rule's and each adapter's
 * refusals. Reasons are Prometheus label values, so the set is closed: a custom rule
 * declares its own (RuleDefinition.reasons) and any other reason is counted as `undeclared-reason`.
 */
export const reasons: ReadonlySet<string> = new Set([
  // the policy chain
  'no-policy', 'all-abstained', 'rule-error', 'undeclared-reason',
  // adapters refusing what they cannot read
  'bad-request', 'invalid-message', 'bad-url', 'invalid-item', 'not-a-play-or-publish-hook', 'server-action', 'connection-in-use', ...nginxRefusals, ...hookRefusals, ...signedHookRefusals, ...PATH_REFUSALS,
  // adapters refusing a decision their media server cannot carry out (CannotCarryOut)
  ...carryOutRefusals,
  // rules
  ...listReasons, 'geo-unknown', 'referer-missing', 'referer-malformed', 'user-agent-missing',
  ...tokenReasons,
  'cookie-missing', 'cookie-signature-missing', 'cookie-signature-malformed', 'cookie-signature-valid', 'cookie-signature-mismatch',
  'no-viewer', 'no-session', 'store-timeout', 'store-error', 'entitled', 'not-entitled', 'window-paid', 'balance-exhausted',
  'session-admitted', 'session-limit', 'session-kicked',
  // publishing
  ...streamKeyReasons
])

/** `reason` when it is one of streamgate's or of those `declared`, else `undeclared-reason` (the set stays closed). */
export const declaredReason = (reason: string, declared: ReadonlySet<string> | undefined): string =>
  reasons.has(reason) || declared?.has(reason) === true ? reason : 'undeclared-reason'

const REASON_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const MAX_DECLARED_REASONS = 32

/** The reason codes a rule or an adapter declares besides the built-in ones, checked: they become metric labels. */
export function declaredReasons (declared: unknown = []): ReadonlySet<string> {
  if (!Array.isArray(declared)) throw new errors.OptionInvalid('reasons: must be an array of reason codes')
  const bad = declared.filter(r => typeof r !== 'string' || !REASON_CODE.test(r) || r.length > 64)
  if (bad.length > 0) throw new errors.OptionInvalid(`reasons: ${bad.map(r => JSON.stringify(r)).join(', ')} are not reason codes (lower-case words joined by -)`)
  if (declared.length > MAX_DECLARED_REASONS) throw new errors.OptionInvalid(`reasons: at most ${MAX_DECLARED_REASONS}, they are metric labels`)
  return new Set(declared as string[])
}
