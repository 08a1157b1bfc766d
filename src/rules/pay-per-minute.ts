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
    const window = options.windowSeconds
    return {
      async evaluate (request, ctx) {
        const viewer = viewerOf(request, ctx, options)
        if (viewer === undefined) return verdictOf(options.onUnidentified, 'no-viewer')
        if (request.sessionId === '') return verdictOf(options.onUnidentified, 'no-session')
        return await guarded(store, options, ctx, async attempt => {
          if (ctx.dryRun) {
            return await balances.wouldCharge(viewer, request.sessionId, window)
              ? verdictOf(options.onCharged, 'window-paid')
              : verdictOf(options.onExhausted, 'balance-exhausted')
          }
          const charge = await balances.chargeWindow(viewer, request.sessionId, window, attempt)
          if (charge.status === 'insufficient') return verdictOf(options.onExhausted, 'balance-exhausted', { lifetime: 0 })
          // only the window charged is paid for: a media server that ends the session at its lifetime and never asks
          // again (Icecast, OvenMediaEngine) would otherwise let it play on what the balance holds but was never charged
          const windowLeft = charge.status === 'charged' ? window : await balances.windowLeft(viewer, request.sessionId)
          return verdictOf(options.onCharged, 'window-paid', { lifetime: windowLeft })
        })
      }
    }
  }
})
