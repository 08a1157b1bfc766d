import type { AccessRequest } from '../core/access-request.js'
import { verdictOf } from '../core/decision.js'
import { defineRule } from '../core/rule.js'
import type { ConcurrentSessionsOptions } from '../generated/rules/concurrent-sessions.js'
import { Sessions } from '../paywall/sessions.js'
import { schemaById } from '../schemas.js'
import { guarded, viewerOf } from './store-guard.js'

const streamOf = (request: AccessRequest): string => `${request.url.app}/${request.url.stream}`

export default defineRule<ConcurrentSessionsOptions>({
  id: 'concurrent-sessions',
  optionsSchema: schemaById('rules/concurrent-sessions'),
  create (options, { store }) {
    const sessions = new Sessions(store)
    const heartbeatMs = options.heartbeatSeconds * 1000
    return {
      async evaluate (request, ctx) {
        const viewer = viewerOf(request, ctx, options)
        if (viewer === undefined) return verdictOf(options.onUnidentified, 'no-viewer')
        if (request.sessionId === '') return verdictOf(options.onUnidentified, 'no-session')
        const stream = options.perStream ? streamOf(request) : undefined
        return await guarded(store, options, ctx, async attempt => {
          if (ctx.dryRun) {
            return await sessions.wouldAdmit(viewer, request.sessionId, options.limit, stream)
              ? verdictOf(options.onAdmitted, 'session-admitted')
              : verdictOf(options.onLimit, 'session-limit')
          }
          const admission = await sessions.admit(viewer, request.sessionId, options.limit, heartbeatMs, stream, attempt)
          if (admission.kicked) return verdictOf(options.onLimit, 'session-kicked')
          if (admission.acquired) await sessions.recordOwner(streamOf(request), request.sessionId, viewer, heartbeatMs)
          return admission.acquired ? verdictOf(options.onAdmitted, 'session-admitted') : verdictOf(options.onLimit, 'session-limit')
        })
      },

      async end (request, ctx) {
        if (request.sessionId === '') return
        const viewer = await sessions.takeOwner(streamOf(request), request.sessionId) ?? viewerOf(request, ctx, options)
        if (viewer !== undefined) await sessions.end(viewer, request.sessionId, options.perStream ? streamOf(request) : undefined)
      }
    }
  }
})
