import type { FastifyReply } from 'fastify'
import type { AccessRequest } from '../../core/access-request.js'
import { defineAdapter, type Refused } from '../../core/adapter.js'
import { canonicalAddress } from '../../core/address.js'
import { neitherRedirectNorRename } from '../../core/decision.js'
import type { IcecastAdapterConfig } from '../../generated/icecast/config.js'
import type { IcecastAuthRequest } from '../../generated/icecast/auth-request.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { headerValue } from '../header-value.js'
import { hookAuthenticator } from '../hook-auth.js'
import { icecastFuzz } from './fuzz.js'
import { hashStreamKey } from '../../publish/stream-key.js'
import { publishedName, splitHeaderLine, timelimitSeconds, toAccessRequest, toPublishRequest } from './translate.js'

const MESSAGE_HEADER = 'icecast-auth-message'

/**
 * Icecast reads only the response headers (any status): the auth_header line admits, its absence refuses, and
 * icecast-auth-message goes to Icecast's log. A refusal is 403 without the auth header.
 */
function refused (reply: FastifyReply, reason: string): FastifyReply {
  return reply.code(403).header(MESSAGE_HEADER, headerValue(reason)).send()
}

/** The address in its one spelling, which rules compare and sign; as sent where it is none (the hooks that decide nothing). */
const addressOf = (body: IcecastAuthRequest): string => canonicalAddress(body.ip ?? '') ?? body.ip ?? ''

/** A listener_add as a play, a stream_auth as a publish, from the canonical address; refused when it is no address. */
function read (body: IcecastAuthRequest): AccessRequest | Required<Refused> {
  const ip = canonicalAddress(body.ip ?? '')
  if (ip === undefined) return { refused: 'bad-address', detail: 'ip is no IP address' }
  return body.action === 'stream_auth' ? toPublishRequest(body, ip) : toAccessRequest(body, 'play', ip)
}

/**
 * Icecast 2.4 URL authentication. listener_add is a play, stream_auth a publish (the source's password is its
 * stream key, the mount its public name: Icecast cannot rename), both through the policy chain, listener_remove ends the listener's session,
 * mount_remove marks the stream offline; mount_add is only acknowledged. A call that is not Icecast's (hookAuth) is refused.
 */
export const icecastAdapter = defineAdapter<IcecastAdapterConfig>({
  id: 'icecast',
  configKey: 'icecast',
  configSchema: schemaById('icecast/config'),
  dependencies: ['streamgate-publish'],
  body: 'form',
  publishes: true,
  refusedAction: request => (request.body as { action?: unknown } | undefined)?.action === 'stream_auth' ? 'publish' : undefined,
  refusal: (reply, reason) => refused(reply, reason),
  build ({ app, config, authorize, endSession, refuse }) {
    const validate = wireValidator('icecast/auth-request')
    const [authName, authValue] = splitHeaderLine(config.authHeader)
    const admit = (reply: FastifyReply, lifetime?: number): FastifyReply => {
      reply.header(authName, authValue)
      if (lifetime !== undefined) reply.header(config.timelimitHeader, String(timelimitSeconds(lifetime)))
      return reply.code(200).send()
    }
    return {
      authenticate: hookAuthenticator(config.hookAuth, 'adapters.icecast.hookAuth'),
      cannotCarryOut: neitherRedirectNorRename,
      explain (message) {
        if (!validate(message)) return { refused: 'invalid-message' }
        const body = message as IcecastAuthRequest
        return body.action === 'listener_add' || body.action === 'stream_auth' ? read(body) : { refused: 'not-a-play-or-publish-hook' }
      },
      routes: [{
        method: 'POST',
        url: config.path,
        schema: { body: schemaById('icecast/auth-request') },
        async handler (request, reply) {
          const body = request.body as IcecastAuthRequest
          switch (body.action) {
            case 'listener_add': {
              const access = read(body)
              if ('refused' in access) return refuse(request, reply, access.refused, access.detail)
              // Icecast's URL authentication cannot redirect a listener: a redirect is refused, never admitted
              const decision = await authorize(access, request.log, neitherRedirectNorRename(access))
              return decision.outcome === 'allow' ? admit(reply, decision.lifetime) : refused(reply, `${decision.rule}:${decision.reason}`)
            }
            case 'stream_auth': {
              const access = read(body)
              if ('refused' in access) return refuse(request, reply, access.refused, access.detail)
              // Icecast cannot rename: an allow that names another stream is no allow for this mount
              const decision = await authorize(access, request.log, neitherRedirectNorRename(access))
              if (decision.outcome !== 'allow') {
                return refused(reply, `${decision.rule}:${decision.reason}`)
              }
              // admin=1 is a metadata update of a source already live
              if (decision.stream !== undefined && body.admin !== '1') {
                // the publish is allowed: a live-status write that fails must not cut the source off
                await app.streamKeys.goLive(decision.stream, hashStreamKey(access.publish?.key ?? ''), access.ip)
                  .catch((err: unknown) => { request.log.error({ err, stream: decision.stream }, 'could not mark the stream live') })
              }
              return admit(reply)
            }
            case 'mount_remove': {
              const name = await app.streamKeys.goOfflineByName(publishedName(toAccessRequest(body, 'publish', addressOf(body))))
              if (name !== undefined) request.log.info({ adapter: 'icecast', stream: name }, 'stream offline')
              return await reply.code(200).send()
            }
            case 'listener_remove':
              await endSession(toAccessRequest(body, 'play', addressOf(body)), request.log)
              return await reply.code(200).send()
            default:
              return await reply.code(200).send()
          }
        }
      }]
    }
  },
  fuzz: icecastFuzz
})
