import { ipPrefix } from '../core/address.js'
import { canonicalPath } from '../core/canonical-path.js'
import type { SignedTokenOptions } from '../generated/rules/signed-token.js'
import type { SigningKey as ConfiguredKey } from '../generated/signing-keys.js'
import { compileOnce, configAjv, formatErrors, schemaById } from '../schemas.js'
import { decodeKey } from './keys.js'
import { type SchemeName, schemes } from './schemes.js'
import { errors } from '../errors.js'

export interface SignUrlOptions {
  /** Stream path to sign, e.g. /live/stream/playlist.m3u8 (a full URL's path and query are used too). */
  stream: string
  /** The shared secret, as in the rule's keys. */
  key: string
  /** Key id; the rule needs a key with this id (default `default`). */
  kid?: string
  keyEncoding?: ConfiguredKey['encoding']
  /** Seconds the URL stays valid. */
  ttl: number
  /** Viewer address the URL is bound to. */
  ip?: string
  /** Bind to this CIDR prefix of ip rather than the address (native scheme): 24 for a mobile viewer's /24, say. */
  ipPrefix?: number
  /** Viewer or account id; the rule sets AccessRequest.viewerId to it (native, nimble). */
  viewer?: string
  /** Media server session id the URL is bound to (native). */
  session?: string
  /** Path pattern the token covers instead of the stream path alone: /live/stream/* (native, akamai), live/str (nimble prefix; default the stream's folder live/stream/). */
  scope?: string
  /** Prepended to the stream path: http://media.example.com */
  baseUrl?: string
  scheme?: SchemeName
  /** The scheme's settings, exactly as in the rule's options (param, nginx.expression, wowza.prefix...). */
  schemeOptions?: Partial<Omit<SignedTokenOptions, 'scheme' | 'keys'>>
  /** Signing time (default now), for tests and pre-signed links. */
  now?: Date
}

/** Makes a signed playback URL that the signed-token rule with the same scheme and key accepts. */
export function signUrl (options: SignUrlOptions): string {
  const scheme = options.scheme ?? 'native'
  const ruleOptions = {
    ...options.schemeOptions,
    scheme,
    keys: [{ id: options.kid ?? 'default', secret: options.key, encoding: options.keyEncoding ?? 'utf8' }]
  }
  const validate = compileOnce(configAjv, schemaById('rules/signed-token'))
  if (!validate(ruleOptions)) throw new errors.SignRefused(formatErrors(validate.errors, 'options').join('; '))
  const resolved = ruleOptions as unknown as SignedTokenOptions
  if (!Number.isInteger(options.ttl) || options.ttl <= 0) throw new errors.SignRefused('ttl must be a whole number of seconds above 0')
  const url = new URL(options.stream, options.baseUrl ?? 'http://streamgate.invalid')
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000)
  const key = decodeKey(resolved.keys[0])
  const ip = options.ip !== undefined && options.ipPrefix !== undefined ? ipPrefix(options.ip, options.ipPrefix) : options.ip
  // the path a verifier will see: the URL's path made canonical as nginx serves it
  const canonical = canonicalPath(Buffer.from(url.pathname), 'nginx')
  if ('refused' in canonical) throw new errors.SignRefused(`cannot sign ${url.pathname}: ${canonical.detail}`)
  const params = schemes[scheme].sign({
    path: canonical.path,
    key,
    issuedAt,
    expires: issuedAt + options.ttl,
    ip,
    viewerId: options.viewer,
    sessionId: options.session,
    scope: options.scope
  }, resolved)
  const query = [url.search.slice(1), ...Object.entries(params).map(([name, value]) => `${name}=${queryValue(value)}`)].filter(p => p !== '')
  const signed = `${url.pathname}?${query.join('&')}`
  // not url.origin: an rtmp:// (any non-http) URL has none, and reads "null"
  return options.baseUrl === undefined ? signed : `${url.protocol}//${url.host}${signed}`
}

/** Escapes a value but leaves base64's + / = as the schemes' own samples write them (readers take a + read as space back). */
const queryValue = (value: string): string => encodeURIComponent(value).replace(/%2B/g, '+').replace(/%2F/g, '/').replace(/%3D/g, '=')
