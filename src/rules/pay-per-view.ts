import { compileGlob } from '../core/glob.js'
import { verdictOf } from '../core/decision.js'
import { memoize } from '../core/memo.js'
import { defineRule } from '../core/rule.js'
import type { PayPerViewOptions } from '../generated/rules/pay-per-view.js'
import { Entitlements } from '../paywall/entitlements.js'
import { schemaById } from '../schemas.js'
import { guarded, viewerOf } from './store-guard.js'

export default defineRule<PayPerViewOptions>({
  id: 'pay-per-view',
  optionsSchema: schemaById('rules/pay-per-view'),
  create (options, { store }) {
    const entitlements = new Entitlements(store)
    const events = Object.entries(options.events).map(([id, globs]) => ({ id, matchers: globs.map(compileGlob) }))
    const eventsOf = memoize((path: string): ReadonlySet<string> =>
      new Set(events.filter(e => e.matchers.some(match => match(path))).map(e => e.id)), 1024)
    return {
      // without async steps of its own: the rule is one Redis read, and each step was a promise more per decision
      evaluate (request, ctx) {
        const viewer = viewerOf(request, ctx, options)
        if (viewer === undefined) return verdictOf(options.onUnidentified, 'no-viewer')
        const path = `${request.url.app}/${request.url.stream}`
        return guarded(store, options, ctx, () => {
          const now = Date.now()
          return entitlements.covering(viewer, path, eventsOf(path), now).then(entitlement => {
            if (entitlement === undefined) return verdictOf(options.onNotEntitled, 'not-entitled')
            // an entitlement that never expires sets no lifetime
            const lifetime = entitlement.expiresAt === undefined ? undefined : Math.max(0, Math.floor((entitlement.expiresAt - now) / 1000))
            return verdictOf(options.onEntitled, 'entitled', lifetime === undefined ? undefined : { lifetime })
          })
        })
      }
    }
  }
})
