import type { FuzzJudge } from '../../src/core/adapter.js'
import { fitsSchema, hasPrototypeKey, isAddress, isPlainObject, parseJsonBody } from './harness.js'
import { servedPath, validHost } from './served-path.js'

const ALLOWED_IP = '198.51.100.7'

/** Whether a URL (absolute, a path, or a path without its leading slash completed by `host`) is live/stream, read strictly. */
export function isLiveStream (url: string, host: string): boolean {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url)?.[0]
  let target: string
  if (authority !== undefined) {
    if (!URL.canParse(url)) return false
    target = url.slice(authority.length)
  } else {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) || !validHost(host)) return false
    target = url.startsWith('/') ? url : '/' + url
  }
  return /^\/live\/stream(\/|$)/.test(servedPath(target, true, 'utf8') ?? '')
}

/** The readings the generic fuzz run lends adapters' oracles, written apart from src/. */
export const judge: FuzzJudge = {
  isAllowedAddress: ip => typeof ip === 'string' && isAddress(ip, ALLOWED_IP),
  isAllowedStream: (url, host = '') => isLiveStream(url, host),
  fits: (schema, message) => fitsSchema(schema, message),
  jsonObject (body) {
    const parsed = parseJsonBody(body)
    return parsed.ok && isPlainObject(parsed.value) && !hasPrototypeKey(parsed.value) ? parsed.value : undefined
  }
}
