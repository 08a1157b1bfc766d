/**
 * `compute` remembered for the last `max` or fewer keys: the whole memory is dropped when it is full, which keeps it
 * bounded against a client sending endless distinct values at the cost of one recomputation each, and costs a hot
 * path nothing but a Map lookup (an LRU's bookkeeping cost more than the work saved here).
 */
export function memoize<V> (compute: (key: string) => V, max: number): (key: string) => V {
  const memory = new Map<string, V>()
  return key => {
    if (memory.has(key)) return memory.get(key) as V
    const value = compute(key)
    if (memory.size >= max) memory.clear()
    memory.set(key, value)
    return value
  }
}
