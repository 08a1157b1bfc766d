import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import { UrlParseError } from '../../core/access-request.js'
import { defineAdapter } from '../../core/adapter.js'
import { canonicalAddress } from '../../core/address.js'
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
 * chain; on_stop and on_unpublish end the session and go on; on_connect goes on unless the address is locked out
 * for wrong keys; on_close, on_dvr and on_hls only inform. A call that is not SRS's (hookAuth), or that cannot be
 * read, is refused.
 */
export const srsAdapter = defineAdapter<SrsAdapterConfig>({
  id: ADAPTER,
  configKey: 'srs',
  configSchema: schemaById('srs/config'),
  dependencies: ['streamgate-publish'],
  // SRS sends application/json
  body: 'json',
  refusal: reply => reply.code(403).send(REFUSED),
  build ({ app, config, authorize, endSession, refuse }) {
    const authenticate = hookAuthenticator(config.hookAuth, 'adapters.srs.hookAuth')
    const validate = wireValidator('srs/hook')

    async function connect (ip: string | undefined, log: FastifyBaseLogger): Promise<boolean> {
      // an address that is none cannot be locked out: on_play or on_publish refuses it
      if (ip === undefined) return true
      try {
        return !await app.publishBlocked(ip)
      } catch (err) {
        // on_play and on_publish decide (and fail closed) later; a store outage must not refuse every connection here
        log.error({ err }, 'could not check the address; leaving it to the play or publish hook')
        return true
      }
    }

    async function ended (hook: SrsHook, server: string, log: FastifyBaseLogger): Promise<void> {
      let access
      try {
        access = toAccessRequest(hook, canonicalAddress(hook.ip) ?? hook.ip, server)
      } catch (err) {
        // no session was ever opened for a name that cannot be read
        if (err instanceof UrlParseError) return
        throw err
      }
      await endSession(access, log)
    }

    return {
      authenticate,
      explain (message) {
        if (!validate(message)) return { refused: 'invalid-message' }
        const hook = message as SrsHook
        if (!DECIDING.has(hook.action)) return { refused: 'not-a-play-hook' }
        const ip = canonicalAddress(hook.ip)
        return ip === undefined ? { refused: 'bad-address' } : toAccessRequest(hook, ip, '')
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
          if (hook.action === 'on_connect') {
            if (await connect(ip, request.log)) return await reply.code(200).send(GO_ON)
            return refuse(request, reply, 'too-many-failures', 'the address is locked out for wrong keys')
          }
          if (!DECIDING.has(hook.action)) return await reply.code(200).send(GO_ON)
          if (ip === undefined) return refuse(request, reply, 'bad-address', 'ip is missing or no IP address')
          // an unreadable app or stream throws UrlParseError: the host refuses it with its reason
          const decision = await authorize(toAccessRequest(hook, ip, serverOf(request)), request.log)
          return await reply.code(decision.outcome === 'allow' ? 200 : 403).send(decision.outcome === 'allow' ? GO_ON : REFUSED)
        }
      }]
    }
  },
  fuzz: srsFuzz
})
