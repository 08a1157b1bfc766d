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

      // a hook that names its viewer ends that viewer's session only: another viewer given the same session id
      // (two Icecast servers number their listeners alike) is still playing; one that names none ends every
      // owner's, so none can keep another's place by reusing its id
      async end (request, ctx) {
        const { sessionId } = request
        if (sessionId === '') return
        const playing = streamOf(request)
        const stream = options.perStream ? playing : undefined
        const known = viewerOf(request, ctx, options)
        if (known !== undefined) {
          await Promise.all([sessions.end(known, sessionId, stream), sessions.forgetOwner(playing, sessionId, known)])
          return
        }
        const owners = await sessions.takeOwners(playing, sessionId)
        await Promise.all(owners.map(async viewer => await sessions.end(viewer, sessionId, stream)))
      }
    }
  }
})
