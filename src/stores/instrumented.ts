import type { Store } from './store.js'

export type StoreErrorKind = 'timeout' | 'error'
export type StoreErrorListener = (operation: string, kind: StoreErrorKind) => void

/** Late: ioredis gave up waiting (commandTimeout), or a script refused to write past its deadline (StoreLate). */
export const storeErrorKind = (err: unknown): StoreErrorKind =>
  (err as { code?: string } | undefined)?.code === 'SG_STORE_LATE' || /timed out/i.test((err as Error | undefined)?.message ?? '') ? 'timeout' : 'error'

const lastAnswer = new WeakMap<Store, number>()

/**
 * Whether `store` (as instrumented returned it) completed any call in the last `ms`. One that does is
 * up, and a call of it that is late is late because this instance is too busy to read the reply.
 */
export const answeredWithin = (store: Store, ms: number): boolean => performance.now() - (lastAnswer.get(store) ?? -Infinity) < ms

/** The same store, reporting every failed operation to `listener` (for metrics) before passing the failure on. */
export function instrumented (store: Store, listener: StoreErrorListener): Store {
  const wrapped = new Map<PropertyKey, unknown>()
  const proxy: Store = new Proxy(store, {
    get (target, property) {
      // stores keep #private state: their methods must run with the store itself as `this`
      const value: unknown = Reflect.get(target, property)
      if (typeof value !== 'function') return value
      let wrapper = wrapped.get(property)
      if (wrapper === undefined) {
        const operation = String(property)
        wrapper = async (...args: unknown[]): Promise<unknown> => {
          try {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
            lastAnswer.set(proxy, performance.now())
            return result
          } catch (err) {
            listener(operation, storeErrorKind(err))
            throw err
          }
        }
        wrapped.set(property, wrapper)
      }
      return wrapper
    }
  })
  return proxy
}
