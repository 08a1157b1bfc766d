import { createHmac } from 'node:crypto'
import { compileGlob } from '../core/glob.js'
import { decodeHex, parseUnsigned, safeEqual, safeEqualText, splitPairs } from './encoding.js'
import { checkWindow, fail, pass, type Scheme, unsupported } from './scheme.js'
import { errors } from '../errors.js'

const FIELDS = new Set(['ip', 'st', 'exp', 'acl', 'id', 'data', 'hmac'])
const ACL_DELIMITER = '!'

/**
 * Akamai EdgeAuth (Auth Token 2.0): `[ip=..~][st=..~]exp=..~acl=..[~id=..][~data=..]~hmac=<hex>`, where hmac is
 * HMAC(hex-decoded key, the fields before ~hmac [+ ~url=<path> when there is no acl] [+ ~salt=<salt>]).
 * acl holds path patterns separated by `!`, with `*` and `?` wildcards.
 */
export const akamai: Scheme = {
  verifier (options, keys) {
    const param = options.param ?? 'hdnts'
    const { algorithm, salt } = options.akamai
    const skew = options.clockSkewSeconds
    return {
      verify (request, now) {
        const token = request.url.query[param]
        if (token === undefined || token === '') return fail('token-missing')
        const at = token.lastIndexOf('~hmac=')
        // hmac must come last: fields after it would not be signed
        const fields = token.length <= 4096 && at > 0 && !token.includes('~', at + 1) ? splitPairs(token, '~') : undefined
        const exp = parseUnsigned(fields?.get('exp'))
        const st = fields?.has('st') === true ? parseUnsigned(fields.get('st')) : 0
        const given = decodeHex(fields?.get('hmac') ?? '')
        if (fields === undefined || [...fields.keys()].some(f => !FIELDS.has(f)) || exp === undefined || st === undefined || given === undefined) {
          return fail('token-malformed')
        }
        const acl = fields.get('acl')
        const source = token.slice(0, at) + (acl === undefined ? `~url=${request.url.path}` : '') + (salt === undefined ? '' : `~salt=${salt}`)
        if (!keys.some(key => safeEqual(createHmac(algorithm, key.secret).update(source).digest(), given))) return fail('token-bad-signature')
        const window = checkWindow(now, skew, exp, fields.has('st') ? st : undefined)
        if (!window.ok) return window
        if (acl !== undefined && !acl.split(ACL_DELIMITER).some(pattern => compileGlob(pattern)(request.url.path))) return fail('token-path-mismatch')
        const ip = fields.get('ip')
        if (ip !== undefined && !safeEqualText(ip, request.ip)) return fail('token-ip-mismatch')
        return pass()
      }
    }
  },

  sign (params, options) {
    if (params.viewerId !== undefined || params.sessionId !== undefined) unsupported('akamai', 'a viewer or session id')
    if (params.ip?.includes('/') === true) unsupported('akamai', 'a CIDR prefix (ip= is one address)')
    const acl = params.scope ?? params.path
    if (!compileGlob(acl)(params.path)) throw new errors.SignRefused(`acl ${acl} does not cover ${params.path}`)
    const fields = [
      ...(params.ip === undefined ? [] : [`ip=${params.ip}`]),
      `st=${params.issuedAt}`,
      `exp=${params.expires}`,
      `acl=${acl}`
    ].join('~')
    const { algorithm, salt } = options.akamai
    const hmac = createHmac(algorithm, params.key.secret).update(fields + (salt === undefined ? '' : `~salt=${salt}`)).digest('hex')
    return { [options.param ?? 'hdnts']: `${fields}~hmac=${hmac}` }
  }
}
