import { abstain, verdictOf } from '../core/decision.js'
import { defineRule } from '../core/rule.js'
import type { SignedTokenOptions } from '../generated/rules/signed-token.js'
import { schemaById } from '../schemas.js'
import { decodeKeys } from '../signing/keys.js'
import { schemes } from '../signing/schemes.js'
import { errors } from '../errors.js'

const MIN_NATIVE_KEY_BYTES = 16
const NOT_A_PLAY = abstain('not-a-play')

/**
 * Signed playback URLs. A valid token's verdict carries its viewer id as the subject, when it names one, so later
 * rules (pay-per-view) read it even when onValid is abstain, and the seconds until it expires as the lifetime.
 * Tokens and keys never reach the logs: verifiers return reasons only.
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
        // a signed playback URL grants watching, never publishing: publishes are the publish policy's to decide
        if (request.action !== 'play') return NOT_A_PLAY
        const now = Math.floor(Date.now() / 1000)
        const check = verifier.verify(request, now)
        if (!check.ok) return verdictOf(check.reason === 'token-missing' ? options.onMissing : options.onInvalid, check.reason)
        const lifetime = Math.max(0, check.expires - now)
        return verdictOf(options.onValid, 'token-valid', check.subject === undefined ? { lifetime } : { subject: check.subject, lifetime })
      }
    }
  }
})
