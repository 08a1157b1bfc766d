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
          const lease = await sessions.admit(viewer, request.sessionId, options.limit, heartbeatMs, { stream, playing: streamOf(request), attempt })
          if (lease.banned === true) return verdictOf(options.onLimit, 'session-kicked')
          return lease.acquired ? verdictOf(options.onAdmitted, 'session-admitted') : verdictOf(options.onLimit, 'session-limit')
        })
      },

      async end (request, ctx) {
        if (request.sessionId === '') return
        const owners = await sessions.takeOwners(streamOf(request), request.sessionId)
        const known = viewerOf(request, ctx, options)
        const viewers = owners.length > 0 ? owners : known === undefined ? [] : [known]
        const stream = options.perStream ? streamOf(request) : undefined
        await Promise.all(viewers.map(async viewer => await sessions.end(viewer, request.sessionId, stream)))
      }
    }
  }
})
