/**
 * The oracles' model of the path a server serves, written apart from src/core/canonical-path.ts (on strings,
 * not a state machine): the raw path up to `?` or `#`, decoded once, then dot segments resolved and slashes merged.
 * `strict` refuses whatever two servers could read differently. undefined: refused. `bytes` says how the
 * text stands for the request's bytes (latin1: an HTTP header as Node reads it; utf8: JSON text).
 */
export function servedPath (target: string, strict: boolean, bytes: 'latin1' | 'utf8'): string | undefined {
  const raw = Buffer.from(target.split(/[?#]/)[0] ?? '', bytes).toString('latin1')
  // a NUL is refused wherever it is, even in a segment a `..` would remove (nginx answers 400)
  // eslint-disable-next-line no-control-regex
  if (!raw.startsWith('/') || /[\x00-\x20\x7f]|%(?![0-9A-Fa-f]{2})|%00/.test(raw)) return undefined
  if (strict && (/\\|%2f|%5c|\/\/|%25[0-9a-f]{2}/i.test(raw))) return undefined
  // one character per byte: segments are resolved on bytes, so a segment `..` removes is never read as text
  const decoded = raw.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  const segments = decoded.split('/').slice(1)
  if (strict && segments.some(s => s === '.' || s === '..' || s.endsWith('.'))) return undefined
  const kept: string[] = []
  for (const segment of segments) {
    if (segment === '..') {
      if (kept.pop() === undefined) return undefined
    } else if (segment !== '' && segment !== '.') {
      kept.push(segment)
    }
  }
  let text: string
  try {
    text = kept.map(segment => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'latin1'))).join('/')
  } catch {
    return undefined
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text) || (strict && /%[0-9A-Fa-f]{2}/.test(text))) return undefined
  return '/' + text
}

/** A host a URL can be made with (streamgate refuses the others). */
export function validHost (host: string): boolean {
  try {
    return new URL(`http://${host || 'localhost'}`).protocol === 'http:'
  } catch {
    return false
  }
}
