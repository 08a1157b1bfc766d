import type { Store } from './store.js'

export type StoreErrorKind = 'timeout' | 'error'
export type StoreErrorListener = (operation: string, kind: StoreErrorKind) => void

const LATE_CODES: ReadonlySet<unknown> = new Set(['SG_STORE_LATE', 'SG_STORE_TIMEOUT'])

/** Late: no reply within commandTimeout (StoreTimeout), or a script refused to write past its deadline (StoreLate). */
export const storeErrorKind = (err: unknown): StoreErrorKind =>
  LATE_CODES.has((err as { code?: string } | undefined)?.code) ? 'timeout' : 'error'

/** When each instrumented store last completed a call (performance.now()). */
const lastAnswers = new WeakMap<Store, { at: number }>()

/**
 * Whether `store` (as instrumented returned it) completed any call in the last `ms`. One that does is
 * up, and a call of it that is late is late because this instance is too busy to read the reply.
 */
export const answeredWithin = (store: Store, ms: number): boolean => performance.now() - (lastAnswers.get(store)?.at ?? -Infinity) < ms

/** Every method of Store: a method added there and not here fails the type check below. */
const METHODS = ['get', 'set', 'del', 'incrBy', 'expire', 'ttl', 'hget', 'hgetall', 'hset', 'hdel', 'hdelIfEqual', 'hsetLater',
  'sadd', 'srem', 'smembers', 'batch', 'acquireLease', 'undoLease', 'releaseLease', 'leases', 'debitOnce', 'undoDebit', 'ping', 'close'] as const satisfies ReadonlyArray<keyof Store>
type AssertNever<T extends never> = T
export type EveryMethodWrapped = AssertNever<Exclude<keyof Store, 'kind' | typeof METHODS[number]>>

/**
 * The same store, reporting every failed operation to `listener` (for metrics) before passing the failure on.
 * Every method is wrapped once, here: the store is asked on every decision, and a Proxy's trap and an async wrapper
 * were two more steps on each call. A method replaced on the store afterwards is not seen.
 */
export function instrumented (store: Store, listener: StoreErrorListener): Store {
  const lastAnswer = { at: -Infinity }
  const answered = (value: unknown): unknown => {
    lastAnswer.at = performance.now()
    return value
  }
  const wrapper: Record<string, unknown> = { kind: store.kind }
  for (const name of METHODS) {
    const method = Reflect.get(store, name) as (...args: unknown[]) => Promise<unknown>
    const failed = (err: unknown): never => {
      listener(name, storeErrorKind(err))
      throw err
    }
    // a method that throws instead of rejecting fails the same way
    const thrown = async (err: unknown): Promise<never> => failed(err)
    wrapper[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        // stores keep #private state: their methods must run with the store itself as `this`
        return Promise.resolve(method.apply(store, args)).then(answered, failed)
      } catch (err) {
        return thrown(err)
      }
    }
  }
  const instrumentedStore = wrapper as unknown as Store
  lastAnswers.set(instrumentedStore, lastAnswer)
  return instrumentedStore
}
