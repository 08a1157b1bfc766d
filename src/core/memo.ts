/** Longer keys are computed every time: a client chooses them, and a memory of 1024 long ones would be large. */
const MAX_KEY_LENGTH = 256

/**
 * `compute` remembered for the last `max` or fewer keys of at most 256 characters: the whole memory is dropped when
 * it is full, which keeps it bounded against a client sending endless distinct values at the cost of one
 * recomputation each, and costs a hot path nothing but a Map lookup (an LRU's bookkeeping cost more than the work
 * saved here). `compute` must keep its answer's size in proportion to its key's.
 */
export function memoize<V> (compute: (key: string) => V, max: number): (key: string) => V {
  const memory = new Map<string, V>()
  return key => {
    if (key.length > MAX_KEY_LENGTH) return compute(key)
    // one lookup for a value remembered, a second only to tell an undefined one from none
    const known = memory.get(key)
    if (known !== undefined || memory.has(key)) return known as V
    const value = compute(key)
    if (memory.size >= max) memory.clear()
    memory.set(key, value)
    return value
  }
}
