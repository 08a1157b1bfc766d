import { createHmac } from 'node:crypto'
import { verdictOf } from '../core/decision.js'
import { defineRule } from '../core/rule.js'
import type { SessionCookieOptions } from '../generated/rules/session-cookie.js'
import { schemaById } from '../schemas.js'
import { decodeBase64, safeEqual } from '../signing/encoding.js'
import { decodeKeys } from '../signing/keys.js'

/**
 * The encrypted-HLS key pattern: ?s=base64(HMAC(secret, "<session cookie> <stream name>")) must match the
 * viewer's own cookie, so a key URL copied to someone else is refused.
 */
export default defineRule<SessionCookieOptions>({
  id: 'session-cookie',
  optionsSchema: schemaById('rules/session-cookie'),
  create (options) {
    const keys = decodeKeys(options.keys)
    return {
      evaluate (request) {
        const cookie = request.cookies?.[options.cookie]
        if (cookie === undefined || cookie === '') return verdictOf(options.onMissing, 'cookie-missing')
        const given = request.url.query[options.param]
        if (given === undefined || given === '') return verdictOf(options.onMissing, 'cookie-signature-missing')
        const signature = given.length <= 256 ? decodeBase64(given) : undefined
        if (signature === undefined || signature.length === 0) return verdictOf(options.onInvalid, 'cookie-signature-malformed')
        // the message is split at its space by nothing but the signer: a space on either side would let the signature
        // for cookie abc on stream "x y" pass cookie "abc x" on stream y (no cookie value holds one, by RFC 6265)
        if (cookie.includes(' ') || request.url.stream.includes(' ')) return verdictOf(options.onInvalid, 'cookie-signature-malformed')
        const message = `${cookie} ${request.url.stream}`
        const valid = keys.some(key => safeEqual(createHmac(options.hash, key.secret).update(message).digest(), signature))
        return valid ? verdictOf(options.onValid, 'cookie-signature-valid') : verdictOf(options.onInvalid, 'cookie-signature-mismatch')
      }
    }
  }
})
