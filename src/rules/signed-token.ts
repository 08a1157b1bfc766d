import { verdictOf } from '../core/decision.js'
import { defineRule } from '../core/rule.js'
import type { SignedTokenOptions } from '../generated/rules/signed-token.js'
import { schemaById } from '../schemas.js'
import { decodeKeys } from '../signing/keys.js'
import { schemes } from '../signing/schemes.js'
import { errors } from '../errors.js'

const MIN_NATIVE_KEY_BYTES = 16

/**
 * Signed playback URLs. A valid token sets request.viewerId when it carries one, so later rules (pay-per-view)
 * can read it even when onValid is abstain. Tokens and keys never reach the logs: verifiers return reasons only.
 */
export default defineRule<SignedTokenOptions>({
  id: 'signed-token',
  optionsSchema: schemaById('rules/signed-token'),
  create (options) {
    const keys = decodeKeys(options.keys)
    const weak = keys.find(k => k.secret.length < MIN_NATIVE_KEY_BYTES)
    if (options.scheme === 'native' && weak !== undefined) {
      throw new errors.OptionInvalid(`keys: "${weak.id}" is shorter than ${MIN_NATIVE_KEY_BYTES} bytes, too weak for HMAC-SHA256`)
    }
    const verifier = schemes[options.scheme].verifier(options, keys)
    return {
      evaluate (request) {
        const check = verifier.verify(request, Math.floor(Date.now() / 1000))
        if (!check.ok) return verdictOf(check.reason === 'token-missing' ? options.onMissing : options.onInvalid, check.reason)
        if (check.viewerId !== undefined) request.viewerId = check.viewerId
        const verdict = verdictOf(options.onValid, 'token-valid')
        return verdict.outcome === 'allow' && check.expires !== undefined ? { ...verdict, lifetime: Math.max(0, check.expires - Date.now() / 1000) } : verdict
      }
    }
  }
})
