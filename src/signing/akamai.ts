import { createHmac } from 'node:crypto'
import { isIP } from 'node:net'
import { compileGlob } from '../core/glob.js'
import { decodeHex, parseUnsigned, safeEqual, safeEqualText } from './encoding.js'
import type { SigningKey } from './keys.js'
import { checkWindow, fail, type Scheme, type TokenCheck, unsupported } from './scheme.js'
import { errors } from '../errors.js'
import { tokenTexts, unescapeForm } from './token-text.js'

/** The fields in the one order EdgeAuth writes them; hmac last, since nothing after it would be signed. */
const ORDER = ['ip', 'st', 'exp', 'acl', 'id', 'data', 'hmac']
const ACL_DELIMITER = '!'
const NAMES = ['hdnts', '__token__']

/** `name=value` fields joined by `~`, each name once and in ORDER; undefined for anything else. */
function parseFields (token: string): Map<string, string> | undefined {
  if (token.length > 4096) return undefined
  const fields = new Map<string, string>()
  let next = 0
  for (const part of token.split('~')) {
    const at = part.indexOf('=')
    const index = ORDER.indexOf(part.slice(0, at))
    if (at <= 0 || index < next) return undefined
    fields.set(ORDER[index] ?? '', part.slice(at + 1))
    next = index + 1
  }
  return fields.has('hmac') && fields.has('exp') ? fields : undefined
}

/**
 * EdgeAuth's escape_early: Python's quote_plus (everything but letters, digits and `_.-~` escaped as UTF-8, a space
 * as `+`) with the escapes in lower case.
 */
export function escapeEarly (text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16)}`).replace(/%20/g, '+')
    .replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase())
}

/**
 * What a URL token (no acl) signed as `~url=`: the path, or with escape_early its escaped form. The two never meet:
 * a path starts with `/`, its escaped form with `%2f`.
 */
function urlForms (path: string): string[] {
  try {
    return [path, escapeEarly(path)]
  } catch {
    return [path]
  }
}

interface Signed { fields: Map<string, string>, valid: boolean }

/**
 * Akamai EdgeAuth (Auth Token 2.0): `[ip=..~][st=..~]exp=..[~acl=..][~id=..][~data=..]~hmac=<hex>`, where hmac is
 * HMAC(hex-decoded key, the fields before ~hmac [+ ~url=<path> when there is no acl] [+ ~salt=<salt>]), over the
 * field text exactly as signed: with escape_early the values hold `%xx` and `+`, and the token is that text.
 * acl holds path patterns separated by `!`, with `*` and `?` wildcards. Read from `hdnts` or `__token__` (or the
 * configured param), in the query or in a cookie as EdgeAuth's cookie mode sets it.
 */
export const akamai: Scheme = {
  verifier (options, keys) {
    const names = options.param === undefined ? NAMES : [options.param]
    const { algorithm, salt } = options.akamai
    const skew = options.clockSkewSeconds
    const saltText = salt === undefined ? '' : `~salt=${salt}`
    const matches = (source: string, given: Buffer): boolean =>
      keys.some((key: SigningKey) => safeEqual(createHmac(algorithm, key.secret).update(source + saltText).digest(), given))

    function check (text: string, path: string): Signed | undefined {
      const fields = parseFields(text)
      const given = decodeHex(fields?.get('hmac') ?? '')
      if (fields === undefined || given === undefined) return undefined
      const signed = text.slice(0, text.lastIndexOf('~hmac='))
      const sources = fields.has('acl') ? [signed] : urlForms(path).map(url => `${signed}~url=${url}`)
      return { fields, valid: sources.some(source => matches(source, given)) }
    }

    return {
      verify (request, now): TokenCheck {
        const texts = tokenTexts(request, names)
        if (texts.length === 0) return fail('token-missing')
        const parsed = texts.map(text => check(text, request.url.path))
        const signed = parsed.find(p => p?.valid === true)
        if (signed === undefined) return fail(parsed.some(p => p !== undefined) ? 'token-bad-signature' : 'token-malformed')
        const { fields } = signed
        const exp = parseUnsigned(fields.get('exp'))
        const st = fields.has('st') ? parseUnsigned(fields.get('st')) : 0
        const ip = fields.has('ip') ? unescapeForm(fields.get('ip') ?? '') : ''
        if (exp === undefined || st === undefined || ip === undefined || (fields.has('ip') && isIP(ip) === 0)) return fail('token-malformed')
        const window = checkWindow(now, skew, exp, fields.has('st') ? st : undefined)
        if (!window.ok) return window
        const acl = fields.get('acl')
        if (acl !== undefined && !acl.split(ACL_DELIMITER).some(pattern => compileGlob(pattern)(request.url.path))) return fail('token-path-mismatch')
        if (fields.has('ip') && !safeEqualText(ip, request.ip)) return fail('token-ip-mismatch')
        return window
      }
    }
  },

  sign (params, options) {
    if (params.viewerId !== undefined || params.sessionId !== undefined) unsupported('akamai', 'a viewer or session id')
    if (params.ip !== undefined && isIP(params.ip) === 0) unsupported('akamai', 'a CIDR prefix (ip= is one address)')
    const acl = params.scope ?? params.path
    if (/[~!]/.test(acl)) unsupported('akamai', 'an acl with ~ or ! (they separate fields and acl entries)')
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
