import { pairName } from '../core/access-request.js'

/**
 * A client's query for the rules' URL, each pair as the client sent it: escapes, their case and `+` stay, so a
 * token is read as it was signed (Akamai's escape_early signs `%3a` and `%2f`, which decoding and encoding again
 * would turn into `:` and `/` or `%3A`). Only the first pair of a name is kept, the one every reader of the URL takes,
 * and none named `drop` (a publisher's key, which stays out of the URL). Escaped are only the characters the URL
 * reading would take for something else: a `#`, which would end the query, a `?` that starts it, which would be
 * dropped from the first name, and control characters and spaces, which it escapes or drops (a tab or line break
 * anywhere, a space at the end: `__to<TAB>ken__` would become another `__token__`).
 */
export function queryAsSent (query: string, drop?: string): string {
  const seen = new Set<string>()
  const kept = query.split('&').filter(pair => {
    const name = pairName(pair)
    if (pair === '' || name === drop || seen.has(name)) return false
    seen.add(name)
    return true
  })
  return kept.join('&').replace(/[\0- #]/g, encodeURIComponent).replace(/^\?/, '%3F')
}
