import { type AccessRequest, parseStreamUrl } from '../../src/core/access-request.js'
import type { SignedTokenOptions } from '../../src/generated/rules/signed-token.js'
import { compileOnce, configAjv, schemaById } from '../../src/schemas.js'
import { decodeKeys, type SigningKey } from '../../src/signing/keys.js'

/** The signed-token rule's options with the schema's defaults filled in, as the config loader would. */
export function ruleOptions (options: Record<string, unknown>): SignedTokenOptions {
  const copy = structuredClone(options)
  const validate = compileOnce(configAjv, schemaById('rules/signed-token'))
  if (!validate(copy)) throw new Error(JSON.stringify(validate.errors))
  return copy as unknown as SignedTokenOptions
}

export const keysOf = (options: SignedTokenOptions): SigningKey[] => decodeKeys(options.keys)

/** An AccessRequest as an adapter would make it from a URL and an IP. */
export function accessRequest (url: string, ip = '198.51.100.7', extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    action: 'play',
    protocol: 'HLS',
    host: 'media.example.com',
    url: parseStreamUrl(url, { host: 'media.example.com', rules: 'nginx', bytes: 'utf8' }),
    ip,
    userAgent: 'test',
    referer: '',
    sessionId: '1000',
    raw: {},
    ...extra
  }
}

/** Unix seconds of an ISO time. */
export const at = (iso: string): number => Date.parse(iso) / 1000
