import { timingSafeEqual } from 'node:crypto'

/** Constant-time comparison; only the lengths (which are public) may differ in time. */
export function safeEqual (a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

export const safeEqualText = (a: string, b: string): boolean => safeEqual(Buffer.from(a), Buffer.from(b))

export const base64url = (bytes: Buffer): string => bytes.toString('base64url')

/**
 * Decodes standard or URL-safe base64, padded or not. A query parser turns an unescaped `+` into a space,
 * so spaces are read back as `+`. Undefined when the text is not base64 (Buffer.from would skip bad characters).
 */
export function decodeBase64 (text: string): Buffer | undefined {
  const normalized = text.replace(/ /g, '+')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(normalized) || normalized.replace(/=+$/, '').length % 4 === 1) return undefined
  return Buffer.from(normalized.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

export function decodeHex (text: string): Buffer | undefined {
  return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : undefined
}

/** `a=1&b=2` split at each `&` and each pair's first `=` (values may hold `=`, as base64 does); undefined on a repeated name. */
export function splitPairs (text: string, separator: string): Map<string, string> | undefined {
  const pairs = new Map<string, string>()
  for (const part of text.split(separator)) {
    const at = part.indexOf('=')
    if (at <= 0) return undefined
    const name = part.slice(0, at)
    if (pairs.has(name)) return undefined
    pairs.set(name, part.slice(at + 1))
  }
  return pairs
}

/** A non-negative decimal integer that fits safely, or undefined. */
export function parseUnsigned (text: string | undefined, maxDigits = 12): number | undefined {
  if (text === undefined || !new RegExp(`^\\d{1,${maxDigits}}$`).test(text)) return undefined
  return Number(text)
}
