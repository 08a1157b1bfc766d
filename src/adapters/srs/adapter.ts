import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import { UrlParseError } from '../../core/access-request.js'
import { defineAdapter } from '../../core/adapter.js'
import { canonicalAddress } from '../../core/address.js'
import { neitherRedirectNorRename } from '../../core/decision.js'
import type { SrsAdapterConfig } from '../../generated/srs/config.js'
import type { SrsHook } from '../../generated/srs/hook.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookAuthenticator } from '../hook-auth.js'
import { srsFuzz } from './fuzz.js'
import { DECIDING, ENDING, GO_ON, REFUSED, toAccessRequest } from './translate.js'

const ADAPTER = 'srs'

/** The SRS that called: its address, which every hook of one session comes from. */
const serverOf = (request: FastifyRequest): string => canonicalAddress(request.socket.remoteAddress ?? '') ?? ''

/**
 * SRS's http_hooks, all on one route dispatching on `action`. on_play and on_publish are decided by the policy
 * chain (the stream-key rule locks out addresses that guess keys); on_stop and on_unpublish end the session and go
 * on; on_connect, on_close, on_dvr and on_hls only inform. A call that is not SRS's (hookAuth), or that cannot be
 * read, is refused.
 */
export const srsAdapter = defineAdapter<SrsAdapterConfig>({
  id: ADAPTER,
  configKey: 'srs',
  configSchema: schemaById('srs/config'),
  publishes: true,
  refusedAction: request => (request.body as { action?: unknown } | undefined)?.action === 'on_publish' ? 'publish' : undefined,
  // SRS sends application/json
  body: 'json',
  refusal: reply => reply.code(403).send(REFUSED),
  build ({ config, settings, authorize, endSession, refuse }) {
    const { keyArg } = settings.publish
    const authenticate = hookAuthenticator(config.hookAuth, 'adapters.srs.hookAuth')
    const validate = wireValidator('srs/hook')

    async function ended (hook: SrsHook, server: string, log: FastifyBaseLogger): Promise<void> {
      let access
      try {
        access = toAccessRequest(hook, canonicalAddress(hook.ip) ?? hook.ip, server, keyArg)
      } catch (err) {
        // no session was ever opened for a name that cannot be read
        if (err instanceof UrlParseError) return
        throw err
      }
      await endSession(access, log)
    }

    return {
      authenticate,
      cannotCarryOut: neitherRedirectNorRename,
      explain (message) {
        if (!validate(message)) return { refused: 'invalid-message' }
        const hook = message as SrsHook
        if (!DECIDING.has(hook.action)) return { refused: 'not-a-play-or-publish-hook' }
        const ip = canonicalAddress(hook.ip)
        return ip === undefined ? { refused: 'bad-address' } : toAccessRequest(hook, ip, '', keyArg)
      },
      routes: [{
        method: 'POST',
        url: config.path,
        schema: { body: schemaById('srs/hook'), response: { 200: schemaById('srs/hook-response'), 403: schemaById('srs/hook-response') } },
        async handler (request: FastifyRequest, reply: FastifyReply) {
          const hook = request.body as SrsHook
          const ip = canonicalAddress(hook.ip)
          if (ENDING.has(hook.action)) {
            await ended(hook, serverOf(request), request.log)
            return await reply.code(200).send(GO_ON)
          }
          if (!DECIDING.has(hook.action)) return await reply.code(200).send(GO_ON)
          if (ip === undefined) return refuse(request, reply, 'bad-address', 'ip is missing or no IP address')
          // an unreadable app or stream throws UrlParseError: the host refuses it with its reason
          const access = toAccessRequest(hook, ip, serverOf(request), keyArg)
          // SRS publishes under the name asked for or not at all, and sends no client elsewhere
          const decision = await authorize(access, request.log, neitherRedirectNorRename(access))
          const allowed = decision.outcome === 'allow'
          return await reply.code(allowed ? 200 : 403).send(allowed ? GO_ON : REFUSED)
        }
      }]
    }
  },
  fuzz: srsFuzz
})
