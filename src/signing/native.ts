import { createHmac } from 'node:crypto'
import IPCIDR from 'ip-cidr'
import type { NativeTokenClaims } from '../generated/signing/native-token.js'
import { compileRanges, matches } from '../rules/ip-range.js'
import { wireValidator } from '../schemas.js'
import { base64url, safeEqualText } from './encoding.js'
import type { SigningKey } from './keys.js'
import { checkWindow, fail, pass, type Scheme } from './scheme.js'
import { errors } from '../errors.js'

/** claims.mac, both base64url; the MAC is HMAC-SHA256 (32 bytes, 43 characters). */
const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/
const validClaims = wireValidator('signing/native-token')

const mac = (key: SigningKey, body: string): Buffer => createHmac('sha256', key.secret).update(body).digest()

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

/** `203.0.113.7` with prefix 24 → `203.0.113.0/24`. */
export function ipPrefix (ip: string, prefix: number): string {
  const cidr = `${ip}/${prefix}`
  if (!IPCIDR.isValidCIDR(cidr)) throw new errors.OptionInvalid(`"${cidr}" is not an address with a valid prefix length`)
  return `${new IPCIDR(cidr).start<string>()}/${prefix}`
}

/** streamgate's own token: signed JSON claims, key chosen by kid. */
export const native: Scheme = {
  verifier (options, keys) {
    const byId = new Map(keys.map(k => [k.id, k]))
    const param = options.param ?? 'token'
    const skew = options.clockSkewSeconds
    return {
      verify (request, now) {
        const token = request.url.query[param]
        if (token === undefined || token === '') return fail('token-missing')
        const parts = TOKEN.exec(token)
        if (parts === null) return fail('token-malformed')
        const [, body = '', signature = ''] = parts
        let claims: unknown
        try {
          claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
        } catch {
          return fail('token-malformed')
        }
        if (!validClaims(claims)) return fail('token-malformed')
        const { kid, path, exp, nbf, ip, sid, sub } = claims as NativeTokenClaims
        const key = byId.get(kid)
        // compared as text: decoding would accept the spare bits of the last character in any state
        if (key === undefined || !safeEqualText(base64url(mac(key, body)), signature)) return fail('token-bad-signature')
        const window = checkWindow(now, skew, exp, nbf)
        if (!window.ok) return window
        if (!pathCovered(path, request.url.path)) return fail('token-path-mismatch')
        if (ip !== undefined) {
          const covered = ipCovered(ip, request.ip)
          if (covered === undefined) return fail('token-malformed')
          if (!covered) return fail('token-ip-mismatch')
        }
        if (sid !== undefined && !safeEqualText(sid, request.sessionId)) return fail('token-session-mismatch')
        return { ...pass(sub), expires: exp }
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
