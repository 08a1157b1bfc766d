import type { AccessRequest } from '../core/access-request.js'
import { type Verdict, verdictOf } from '../core/decision.js'
import type { EvaluationContext } from '../core/rule.js'
import type { StoreRuleOptions } from '../generated/store-rule.js'

const MAX_ID_LENGTH = 256

/** The viewer id: one an earlier rule established, else the configured query parameter or cookie. */
export function viewerOf (request: AccessRequest, { viewer }: StoreRuleOptions): string | undefined {
  const id = request.viewerId ??
    (viewer.from === 'query' ? request.url.query[viewer.name ?? ''] : viewer.from === 'cookie' ? request.cookies?.[viewer.name ?? ''] : undefined)
  return id === undefined || id === '' || id.length > MAX_ID_LENGTH ? undefined : id
}

/**
 * Runs a rule's store work under its deadline: a failing store, or one that has not answered within
 * `timeoutMs`, gives the configured onError outcome instead of an exception or a hung request.
 */
export async function guarded (options: StoreRuleOptions, ctx: EvaluationContext, work: () => Promise<Verdict>): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Verdict>(resolve => {
    timer = setTimeout(() => { resolve(verdictOf(options.onError, 'store-timeout')) }, options.timeoutMs)
  })
  const attempt = work().catch((err: unknown) => {
    ctx.log.debug({ err: { message: (err as Error).message } }, 'store failed; applying onError')
    return verdictOf(options.onError, 'store-error')
  })
  try {
    return await Promise.race([attempt, deadline])
  } finally {
    clearTimeout(timer)
  }
}
