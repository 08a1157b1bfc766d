import { type AccessRequest, pairName } from '../core/access-request.js'

/** A name with nothing URLSearchParams would decode reads as written. */
const ESCAPED = /[%+]/

/**
 * The value of `name` in a query string exactly as it was sent, escapes and `+` left as they are: the value of the
 * pair `url.query` reads (the first whose name decodes to `name`), so a token is never verified in one pair while the
 * rules read another (`%5F_token__=x&__token__=<valid>`).
 */
export function rawQueryValue (href: string, name: string): string | undefined {
  const start = href.indexOf('?')
  if (start < 0) return undefined
  const end = href.indexOf('#', start)
  const query = href.slice(start + 1, end < 0 ? undefined : end)
  // as URLSearchParams reads a query: one leading ? is not part of the first name
  for (const pair of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (pair === '') continue
    const at = pair.indexOf('=')
    const written = at < 0 ? pair : pair.slice(0, at)
    if ((ESCAPED.test(written) ? pairName(written) : written) === name) return at < 0 ? '' : pair.slice(at + 1)
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
