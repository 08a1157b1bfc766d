import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { NativeTokenClaims } from '../generated/signing/native-token.js'
import { compileRanges, matches } from '../core/address.js'
import { wireValidator } from '../schemas.js'
import { base64url, safeEqualText } from './encoding.js'
import type { SigningKey } from './keys.js'
import { checkWindow, fail, pass, type Scheme, type TokenFailure } from './scheme.js'
import { errors } from '../errors.js'

/** claims.mac, both base64url; the MAC is HMAC-SHA256 (32 bytes, 43 characters). */
const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/
const MAC_CHARS = 43
const validClaims = wireValidator('signing/native-token')

const mac = (key: SigningKey | KeyObject, body: string): Buffer => createHmac('sha256', 'secret' in key ? key.secret : key).update(body).digest()

/** Room for the tokens most recently found well signed: their characters plus an allowance for their claims. */
const VERIFIED_CHARS = 8 * 1024 * 1024
const CLAIMS_ALLOWANCE = 512

/** A token found well signed, and its claims. */
interface Verified {
  token: string
  claims: Readonly<NativeTokenClaims>
}

function pathCovered (scope: string, path: string): boolean {
  return scope.endsWith('*') ? path.startsWith(scope.slice(0, -1)) : safeEqualText(scope, path)
}

function ipCovered (bound: string, ip: string): boolean | undefined {
  try {
    const list = compileRanges([bound], 'ip')
    return list !== undefined && matches(list, ip)
  } catch {
    return undefined
  }
}

/** streamgate's own token: signed JSON claims, key chosen by kid. */
export const native: Scheme = {
  verifier (options, keys) {
    // imported once: an Hmac from a KeyObject skips preparing the key on every request
    const byId = new Map(keys.map(k => [k.id, createSecretKey(k.secret)]))
    const param = options.param ?? 'token'
    const skew = options.clockSkewSeconds
    // A player sends one token with every playlist and segment: its signature is checked once, while its time
    // window and bindings are checked on every request. Only well-signed tokens are kept, found by their MAC's text
    // (hashing the whole token for the lookup cost a quarter of the check) and used only when the whole text is the
    // same. Only a caller who already holds that MAC gets as far as the comparison.
    const verified = new LRUCache<string, Verified>({ maxSize: VERIFIED_CHARS, sizeCalculation: ({ token }) => token.length + CLAIMS_ALLOWANCE })
    const signedClaims = (token: string): Readonly<NativeTokenClaims> | TokenFailure => {
      const known = verified.get(token.slice(-MAC_CHARS))
      if (known !== undefined && known.token === token) return known.claims
      const parts = TOKEN.exec(token)
      if (parts === null) return 'token-malformed'
      const [, body = '', signature = ''] = parts
      let claims: unknown
      try {
        claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
      } catch {
        return 'token-malformed'
      }
      if (!validClaims(claims)) return 'token-malformed'
      const key = byId.get((claims as NativeTokenClaims).kid)
      // compared as text: decoding would accept the spare bits of the last character in any state
      if (key === undefined || !safeEqualText(base64url(mac(key, body)), signature)) return 'token-bad-signature'
      const frozen = Object.freeze(claims as NativeTokenClaims)
      verified.set(signature, { token, claims: frozen })
      return frozen
    }
    return {
      verify (request, now) {
        const token = request.url.query[param]
        if (token === undefined || token === '') return fail('token-missing')
        const claims = signedClaims(token)
        if (typeof claims === 'string') return fail(claims)
        const { path, exp, nbf, ip, sid, sub } = claims
        const window = checkWindow(now, skew, exp, nbf)
        if (!window.ok) return window
        if (!pathCovered(path, request.url.path)) return fail('token-path-mismatch')
        if (ip !== undefined) {
          const covered = ipCovered(ip, request.ip)
          if (covered === undefined) return fail('token-malformed')
          if (!covered) return fail('token-ip-mismatch')
        }
        if (sid !== undefined && !safeEqualText(sid, request.sessionId)) return fail('token-session-mismatch')
        return pass(exp, sub)
      }
    }
  },

  sign (params, options) {
    const claims: NativeTokenClaims = {
      v: 1,
      kid: params.key.id,
      path: params.scope ?? params.path,
      exp: params.expires,
      ...(params.ip === undefined ? {} : { ip: params.ip }),
      ...(params.sessionId === undefined ? {} : { sid: params.sessionId }),
      ...(params.viewerId === undefined ? {} : { sub: params.viewerId })
    }
    if (!validClaims(claims)) throw new errors.SignRefused(`${validClaims.errors?.[0]?.instancePath ?? ''} ${validClaims.errors?.[0]?.message ?? 'invalid claims'}`)
    if (params.ip !== undefined) compileRanges([params.ip], 'ip')
    if (!pathCovered(claims.path, params.path)) throw new errors.SignRefused(`scope ${claims.path} does not cover ${params.path}`)
    const body = base64url(Buffer.from(JSON.stringify(claims)))
    return { [options.param ?? 'token']: `${body}.${base64url(mac(params.key, body))}` }
  }
}
