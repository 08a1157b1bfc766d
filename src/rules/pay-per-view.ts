import { compileGlob } from '../core/glob.js'
import { verdictOf } from '../core/decision.js'
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
    const eventsOf = (path: string): Set<string> =>
      new Set(events.filter(e => e.matchers.some(match => match(path))).map(e => e.id))
    return {
      async evaluate (request, ctx) {
        const viewer = viewerOf(request, options)
        if (viewer === undefined) return verdictOf(options.onUnidentified, 'no-viewer')
        const path = `${request.url.app}/${request.url.stream}`
        return await guarded(store, options, ctx, async () => await entitlements.covers(viewer, path, eventsOf(path))
          ? verdictOf(options.onEntitled, 'entitled')
          : verdictOf(options.onNotEntitled, 'not-entitled'))
      }
    }
  }
})
