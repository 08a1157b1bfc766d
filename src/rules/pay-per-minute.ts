import { verdictOf } from '../core/decision.js'
import { defineRule } from '../core/rule.js'
import type { PayPerMinuteOptions } from '../generated/rules/pay-per-minute.js'
import { Balances } from '../paywall/balances.js'
import { schemaById } from '../schemas.js'
import { guarded, viewerOf } from './store-guard.js'

export default defineRule<PayPerMinuteOptions>({
  id: 'pay-per-minute',
  optionsSchema: schemaById('rules/pay-per-minute'),
  create (options, { store }) {
    const balances = new Balances(store)
    return {
      async evaluate (request, ctx) {
        const viewer = viewerOf(request, options)
        if (viewer === undefined) return verdictOf(options.onUnidentified, 'no-viewer')
        if (request.sessionId === '') return verdictOf(options.onUnidentified, 'no-session')
        return await guarded(store, options, ctx, async attempt => {
          const paid = ctx.dryRun
            ? await balances.wouldCharge(viewer, request.sessionId, options.windowSeconds)
            : (await balances.chargeWindow(viewer, request.sessionId, options.windowSeconds, attempt)).status !== 'insufficient'
          return paid ? verdictOf(options.onCharged, 'window-paid') : verdictOf(options.onExhausted, 'balance-exhausted')
        })
      }
    }
  }
})
