import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { AccessRequest } from '../../core/access-request.js'
import { defineAdapter } from '../../core/adapter.js'
import { cannotRedirect } from '../../core/decision.js'
import { errors } from '../../errors.js'
import type { OvenMediaEngineAdapterConfig } from '../../generated/ovenmediaengine/config.js'
import type { OmeAdmissionRequest } from '../../generated/ovenmediaengine/admission-request.js'
import type { OmeAdmissionResponse } from '../../generated/ovenmediaengine/admission-response.js'
import { hashStreamKey } from '../../publish/stream-key.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { omeFuzz } from './fuzz.js'
import { clientAddress, fresh, playAnswer, renamedUrl, signedBody, toAccessRequest, toPublishRequest } from './translate.js'

const CLOSED: OmeAdmissionResponse = Object.freeze({})

/**
 * OvenMediaEngine's AdmissionWebhooks. Every call is verified against X-OME-Signature over its raw bytes before it
 * is parsed; a forged, unreadable or stale one is refused (403, `allowed: false`). An opening outgoing session is a
 * play (the policy chain; `lifetime` in ms from the decision's), an opening incoming one a publish (the stream key in
 * the publish key argument or as the stream name, renamed to the public name with new_url, marked live); a closing is
 * answered `{}` and ends the session (a publisher's: the stream goes offline).
 */
export const omeAdapter = defineAdapter<OvenMediaEngineAdapterConfig>({
  id: 'ovenmediaengine',
  configKey: 'ovenmediaengine',
  configSchema: schemaById('ovenmediaengine/config'),
  dependencies: ['streamgate-publish'],
  // the signature covers the bytes as sent: the host checks them with it before any parsing
  body: {
    json: true,
    verify: (request, raw, { secretKey }) => secretKey !== undefined && signedBody(request.headers['x-ome-signature'], secretKey, raw) ? undefined : 'bad-hook-signature'
  },
  // OME's messages are a few hundred bytes; anything far larger is no admission call
  bodyLimit: 64 * 1024,
  publishes: true,
  // a forged call's body is never read: only a signed one can say it is a publisher's
  refusedAction: request => (request.body as { request?: { direction?: unknown } } | undefined)?.request?.direction === 'incoming' ? 'publish' : undefined,
  refusal: (reply, reason) => reply.code(403).send({ allowed: false, reason }),
  build ({ app, config, settings, authorize, endSession, refuse }) {
    if (config.secretKey === undefined) throw new errors.OptionInvalid('adapters.ovenmediaengine.secretKey is required: OME signs every call with it')
    const validate = wireValidator('ovenmediaengine/admission-request')

    /** The publisher's stream key: the key argument, else the stream name (OME's closing repeats the url as published). */
    const keyOf = (access: AccessRequest): string => access.url.query[settings.publish.keyArg] ?? access.url.stream

    async function opening (access: AccessRequest, message: OmeAdmissionRequest, request: FastifyRequest): Promise<OmeAdmissionResponse> {
      if (access.action === 'play') return playAnswer(await authorize(access, request.log, cannotRedirect))
      const decision = await authorize(toPublishRequest(message, access.ip, settings.publish.keyArg), request.log, cannotRedirect)
      if (decision.outcome !== 'allow') return { allowed: false, reason: `${decision.rule}:${decision.reason}` }
      const name = decision.stream
      if (name === undefined) return { allowed: true }
      // the publish is allowed: a live-status write that fails must not cut the publisher off
      await app.streamKeys.goLive(name, hashStreamKey(keyOf(access)), access.ip)
        .catch((err: unknown) => { request.log.error({ err, stream: name }, 'could not mark the stream live') })
      const renamed = name !== access.url.stream || access.url.query[settings.publish.keyArg] !== undefined
      return renamed ? { allowed: true, new_url: renamedUrl(access, message.request.url, name) } : { allowed: true }
    }

    async function offline (access: AccessRequest, log: FastifyBaseLogger): Promise<void> {
      const name = await app.streamKeys.goOffline(hashStreamKey(keyOf(access))).catch((err: unknown) => {
        log.error({ err }, 'could not mark the stream offline')
        return undefined
      })
      if (name !== undefined) log.info({ adapter: 'ovenmediaengine', stream: name }, 'stream offline')
    }

    return {
      // OME sends no client elsewhere; it can rename a publisher (new_url)
      cannotCarryOut: () => cannotRedirect,
      explain (message) {
        if (!validate(message)) return { refused: 'invalid-message' }
        const ip = clientAddress(message as OmeAdmissionRequest, config.useRealIp)
        if (ip === undefined) return { refused: 'bad-address' }
        const access = toAccessRequest(message as OmeAdmissionRequest, ip)
        return access.action === 'play' ? access : toPublishRequest(message as OmeAdmissionRequest, ip, settings.publish.keyArg)
      },
      routes: [{
        method: 'POST',
        url: config.path,
        schema: { body: schemaById('ovenmediaengine/admission-request'), response: { 200: schemaById('ovenmediaengine/admission-response') } },
        async handler (request, reply: FastifyReply) {
          const message = request.body as OmeAdmissionRequest
          if (!fresh(message.request.time, config.maxAgeSeconds)) return refuse(request, reply, 'stale-hook', `request.time is more than ${config.maxAgeSeconds} s away`)
          const ip = clientAddress(message, config.useRealIp)
          // a closing is ended whatever it says: its opening, with no address, was refused and holds nothing
          if (ip === undefined && message.request.status !== 'closing') return refuse(request, reply, 'bad-address', 'the client address is no IP address')
          const access = toAccessRequest(message, ip ?? message.client.address)
          if (message.request.status === 'closing') {
            if (access.action === 'play') await endSession(access, request.log)
            else await offline(access, request.log)
            return await reply.code(200).send(CLOSED)
          }
          return await reply.code(200).send(await opening(access, message, request))
        }
      }]
    }
  },
  fuzz: omeFuzz
})
