import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 256 random bits, base64url: safe in an RTMP name, a URL and a shell. */
export function newStreamKey (): string {
  return randomBytes(32).toString('base64url')
}

/** What the store keeps instead of a key: a leaked store reveals no key. */
export function hashStreamKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function sameHash (a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
