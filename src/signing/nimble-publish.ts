import { createHash } from 'node:crypto'
import { safeEqual } from './encoding.js'

export interface SignedPublisher {
  id: string
}

/** `a=1&b=2` split on the first `=` only: a base64 sign holds `=`, `+` and `/`, which URLSearchParams would mangle. */
function pairs (text: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const part of text.split('&')) {
    const at = part.indexOf('=')
    if (at > 0 && !found.has(part.slice(0, at))) found.set(part.slice(0, at), part.slice(at + 1))
  }
  return found
}

/**
 * Verifies Nimble's `publishsign` = base64("id=ID&sign=SIGN[&ip=IP]") for a stream path (`/app/stream`),
 * where SIGN = base64(md5(ID + path + password [+ IP])). A signed IP must be the publisher's. Returns the
 * signed id, or undefined when the signature does not hold.
 */
export function verifyPublishSign (publishsign: string, path: string, password: string, publisherIp?: string): SignedPublisher | undefined {
  const fields = pairs(Buffer.from(publishsign, 'base64').toString('utf8'))
  const id = fields.get('id')
  const sign = fields.get('sign')
  const ip = fields.get('ip')
  if (id === undefined || id === '' || sign === undefined) return undefined
  if (ip !== undefined && ip !== publisherIp) return undefined
  const expected = createHash('md5').update(id + path + password + (ip ?? '')).digest()
  const given = Buffer.from(sign, 'base64')
  return safeEqual(given, expected) ? { id } : undefined
}
