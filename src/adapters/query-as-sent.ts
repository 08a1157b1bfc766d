/** A query pair's name as URLSearchParams reads it (`+` a space, escapes decoded), a leading `?` kept as part of it. */
export function pairName (pair: string): string {
  // the & in front: URLSearchParams would drop a ? that starts its text
  return new URLSearchParams('&' + pair).keys().next().value ?? ''
}

/**
 * A client's query for the rules' URL, each pair as the client sent it: escapes, their case and `+` stay, so a
 * token is read as it was signed (Akamai's escape_early signs `%3a` and `%2f`, which decoding and encoding again
 * would turn into `:` and `/` or `%3A`). Only the first pair of a name is kept, the one every reader of the URL takes,
 * and none named `drop` (a publisher's key, which stays out of the URL). Escaped are only the characters the URL
 * reading would take for something else: a `#`, which would end the query, and a `?` that starts it, which would be
 * dropped from the first name.
 */
export function queryAsSent (query: string, drop?: string): string {
  const seen = new Set<string>()
  const kept = query.split('&').filter(pair => {
    const name = pairName(pair)
    if (pair === '' || name === drop || seen.has(name)) return false
    seen.add(name)
    return true
  })
  return kept.join('&').replaceAll('#', '%23').replace(/^\?/, '%3F')
}
