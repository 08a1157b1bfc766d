import { createHash, randomBytes } from 'node:crypto'

/** 256 random bits, base64url: safe in an RTMP name, a URL and a shell. */
export function newStreamKey (): string {
  return randomBytes(32).toString('base64url')
}

/** What the store keeps instead of a key: a leaked store reveals no key. */
export function hashStreamKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** Key hashes compare in constant time like every other secret. */
export { safeEqualText as sameHash } from '../signing/encoding.js'
