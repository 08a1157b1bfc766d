import type { AccessRequest } from '../core/access-request.js'
import { DeadlineQueue } from '../core/deadline-queue.js'
import { type Verdict, verdictOf } from '../core/decision.js'
import type { EvaluationContext } from '../core/rule.js'
import type { StoreRuleOptions } from '../generated/store-rule.js'
import { Attempt } from '../stores/attempt.js'
import { answeredWithin, storeErrorKind } from '../stores/instrumented.js'
import type { Store } from '../stores/store.js'

const MAX_ID_LENGTH = 256

/** The viewer id: the subject an earlier rule established, else the configured query parameter or cookie. */
export function viewerOf (request: AccessRequest, ctx: Pick<EvaluationContext, 'subject'>, { viewer }: StoreRuleOptions): string | undefined {
  const id = ctx.subject ??
    (viewer.from === 'query' ? request.url.query[viewer.name ?? ''] : viewer.from === 'cookie' ? request.cookies?.[viewer.name ?? ''] : undefined)
  return id === undefined || id === '' || id.length > MAX_ID_LENGTH ? undefined : id
}

/** How much longer than timeoutMs a call may take while the store keeps answering others (see guarded). */
const BUSY_WAIT_FACTOR = 10

/** One queue per timeoutMs configured: every rule's calls with that deadline share its timer. */
const deadlines = new Map<number, DeadlineQueue>()

function deadlinesOf (ms: number): DeadlineQueue {
  let queue = deadlines.get(ms)
  if (queue === undefined) {
    queue = new DeadlineQueue(ms)
    deadlines.set(ms, queue)
  }
  return queue
}

/**
 * Runs a rule's store work under its deadline: a failing store, or one that has not answered within
 * `timeoutMs`, gives the configured onError outcome instead of an exception or a hung request. The work's
 * writes carry the deadline (the store refuses them past it) and are undone when the answer is not theirs; when
 * it is, they are left to the chain's decision (EvaluationContext.pending).
 *
 * Slow is not down: when the deadline passes while the store is still answering other calls, the store is
 * up and this instance is too busy to read its replies in time; refusing would only turn load into
 * refusals, so the rule waits on, up to BUSY_WAIT_FACTOR × timeoutMs. A store that has answered nothing for
 * timeoutMs (frozen, asleep, paused) gets onError at the deadline; an unreachable one fails at once.
 */
export function guarded (store: Store, options: StoreRuleOptions, ctx: EvaluationContext, work: (attempt: Attempt) => Promise<Verdict>): Promise<Verdict> {
  const attempt = new Attempt(options.timeoutMs, ctx.log)
  const giveUpAt = performance.now() + options.timeoutMs * BUSY_WAIT_FACTOR
  const queue = deadlinesOf(options.timeoutMs)
  return new Promise<Verdict>(resolve => {
    let answered = false
    const answer = (verdict: Verdict, rests: boolean): void => {
      if (answered) return
      answered = true
      // writes the verdict rests on hold only if the whole chain lets the request in: the policy settles them
      if (rests) (ctx.pending ??= []).push(attempt)
      else attempt.abandon()
      resolve(verdict)
    }
    const late = (): void => {
      // the reply may have been read between the timer and this turn: nothing is waited for any more
      if (answered) return
      if (answeredWithin(store, options.timeoutMs) && performance.now() < giveUpAt) due = queue.add(onTimer)
      else answer(verdictOf(options.onError, 'store-timeout'), false)
    }
    // a reply that came in time may still be unread in its socket when the timer fires (timers run before
    // I/O in each turn of the event loop): read it before calling it late
    const onTimer = (): void => { setImmediate(late) }
    let due = queue.add(onTimer)
    const failed = (err: unknown): void => {
      queue.cancel(due)
      // answered first: a rejection with no Error in it must not keep the viewer waiting
      answer(verdictOf(options.onError, storeErrorKind(err) === 'timeout' ? 'store-timeout' : 'store-error'), false)
      ctx.log.debug({ err: { message: (err as Error | undefined)?.message } }, 'store failed; applying onError')
    }
    try {
      work(attempt).then(verdict => {
        queue.cancel(due)
        answer(verdict, true)
      }, failed)
    } catch (err) {
      // work that throws before it returns its promise fails as its promise would
      failed(err)
    }
  })
}
