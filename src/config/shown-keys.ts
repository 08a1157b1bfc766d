/**
 * Keys as an error may show them. A config's keys are plain words; text in a key's place that is no plain
 * word (digits, symbols, very long) may be a secret written where a key goes, and so may any key written
 * under a secret-bearing one: those show as `*`. Array indexes show as they are.
 */
const PLAIN = /^[A-Za-z][A-Za-z_-]{0,31}$/
const INDEX = /^\d{1,6}$/
const SECRET_BEARING = /^(secret|password|signPassword|token|key)$/

export function shownKey (name: string, parents: readonly string[]): string {
  return PLAIN.test(name) && !parents.some(parent => SECRET_BEARING.test(parent)) ? name : '*'
}

const segmentsOf = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))

/** A JSON pointer (`/adapters/nimble/path`) with each key as shownKey shows it. */
export function shownPath (pointer: string): string {
  const segments = segmentsOf(pointer)
  return segments.map((segment, i) => '/' + (INDEX.test(segment) ? segment : shownKey(segment, segments.slice(0, i)))).join('')
}

/** A key of the object at `pointer`, as shownKey shows it. */
export const shownKeyAt = (pointer: string, name: string): string => shownKey(name, segmentsOf(pointer))
