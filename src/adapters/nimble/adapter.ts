import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { AccessRequest } from '../../core/access-request.js'
import { defineAdapter, type Refused } from '../../core/adapter.js'
import { canonicalAddress } from '../../core/address.js'
import type { CannotCarryOut } from '../../core/decision.js'
import type { NimbleAdapterConfig } from '../../generated/nimble/config.js'
import type { NimbleAuthRequest } from '../../generated/nimble/auth-request.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { headerValue } from '../header-value.js'
import { nimbleFuzz } from './fuzz.js'
import nimblePaywall from './paywall.js'
import { absoluteLocation, FORBIDDEN, toAccessRequest, toResponse } from './translate.js'

/** A message as an AccessRequest from its canonical address (rules compare and sign that one spelling), or the refusal of one that is no address. */
function read (body: NimbleAuthRequest): AccessRequest | Required<Refused> {
  const ip = canonicalAddress(body.ip)
  return ip === undefined ? { refused: 'bad-address', detail: 'ip is no IP address' } : toAccessRequest(body, ip)
}

/**
 * Nimble Streamer's "Auth handler URL". Nimble reads only return_code, so anything wrong with a request
 * (bad JSON, wrong types, too large, unparsable url) is answered 403: fail closed, never a 5xx.
 */
export const nimbleAdapter = defineAdapter<NimbleAdapterConfig>({
  id: 'nimble',
  configKey: 'nimble',
  configSchema: schemaById('nimble/config'),
  dependencies: ['streamgate-store'],
  // Nimble's Content-Type is undocumented
  body: 'json',
  refusal (reply, reason, _request, config) {
    if (config.reasonHeader) reply.header('x-streamgate-reason', `adapter:${reason}`)
    return reply.code(403).send(FORBIDDEN)
  },
  async build ({ app, config, answer, refuse }) {
    if (config.paywall.enabled) await app.register(nimblePaywall, config.paywall)
    const validate = wireValidator('nimble/auth-request')
    const responseSchema = schemaById('nimble/auth-response')
    /** A redirect Nimble cannot be sent: one whose location the request's host cannot make absolute. */
    const cannotCarryOut = (access: AccessRequest, log?: FastifyBaseLogger): CannotCarryOut => decision => {
      if (decision.outcome !== 'redirect' || absoluteLocation(decision.location, access.host) !== undefined) return undefined
      log?.error({ adapter: 'nimble', rule: decision.rule }, 'redirect location cannot be made an absolute URL from the request\'s host; answered 403')
      return 'bad-redirect-location'
    }
    return {
      cannotCarryOut,
      explain: message => validate(message) ? read(message as NimbleAuthRequest) : { refused: 'invalid-message' },
      routes: [{
        method: 'POST',
        url: config.path,
        schema: { body: schemaById('nimble/auth-request'), response: { 200: responseSchema, 302: responseSchema, 403: responseSchema } },
        handler (request: FastifyRequest, reply: FastifyReply) {
          const access = read(request.body as NimbleAuthRequest)
          if ('refused' in access) return refuse(request, reply, access.refused, access.detail)
          return answer(access, request.log, decision => {
            const body = toResponse(decision, access.host)
            if (config.reasonHeader) reply.header('x-streamgate-reason', headerValue(`${decision.rule}:${decision.reason}`))
            return reply.code(body.return_code === 302 ? config.redirectHttpStatus : body.return_code).send(body)
          }, cannotCarryOut(access, request.log))
        }
      }]
    }
  },
  fuzz: nimbleFuzz
})
