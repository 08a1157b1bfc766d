import type { AccessRequest } from '../core/access-request.js'

/** The value of the first `name=` in a query string exactly as it was sent, escapes and `+` left as they are. */
export function rawQueryValue (href: string, name: string): string | undefined {
  const start = href.indexOf('?')
  if (start < 0) return undefined
  const end = href.indexOf('#', start)
  for (const pair of href.slice(start + 1, end < 0 ? undefined : end).split('&')) {
    const at = pair.indexOf('=')
    if ((at < 0 ? pair : pair.slice(0, at)) === name) return at < 0 ? '' : pair.slice(at + 1)
  }
  return undefined
}

/**
 * The texts a token sent under one of `names` (in the query, else in a cookie) may have been signed as: the text as
 * sent, and the text a query parser makes of it. A signer that escapes its fields before signing (Akamai's
 * escape_early) signs the first; one whose token a browser escaped on the way signs the second. A verifier tries
 * each, and reads the fields of the one that verified only.
 */
export function tokenTexts (request: AccessRequest, names: readonly string[]): string[] {
  for (const name of names) {
    const sent = rawQueryValue(request.url.href, name) ?? request.url.query[name] ?? request.cookies?.[name]
    if (sent === undefined || sent === '') continue
    const parsed = request.url.query[name] ?? unescapeForm(sent)
    return parsed === undefined || parsed === sent ? [sent] : [sent, parsed]
  }
  return []
}

/** application/x-www-form-urlencoded unescaping (`+` is a space); undefined when the escapes are not UTF-8. */
export function unescapeForm (text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}
