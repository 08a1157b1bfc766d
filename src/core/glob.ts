const STAR = 42 // *
const ONE = 63 // ?

/**
 * Whether `name` matches `pattern`, in one pass that only ever goes back to just after the last `*`: at most
 * length × length steps. (A regular expression of several `.*` backtracks exponentially on a near miss, and
 * names come from viewers: `*-*-*-*-hd` against a 900-character stream name held the event loop for a minute.)
 */
function wildcardMatch (pattern: string, name: string): boolean {
  let p = 0
  let n = 0
  let star = -1
  let resume = 0
  while (n < name.length) {
    const c = p < pattern.length ? pattern.charCodeAt(p) : -1
    if (c === STAR) {
      star = p++
      resume = n
    } else if (c === ONE || (c !== -1 && c === name.charCodeAt(n))) {
      p++
      n++
    } else if (star !== -1) {
      p = star + 1
      n = ++resume
    } else {
      return false
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++
  return p === pattern.length
}

/** Compiles a name pattern where `*` matches any run of characters and `?` one character (a UTF-16 code unit). */
export function compileGlob (pattern: string): (name: string) => boolean {
  if (pattern === '*') return () => true
  if (!/[*?]/.test(pattern)) return name => name === pattern
  return name => wildcardMatch(pattern, name)
}
