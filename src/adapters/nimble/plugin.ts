import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { UrlParseError } from '../../core/access-request.js'
import type { NimbleAdapterConfig } from '../../generated/config.js'
import type { NimbleAuthRequest } from '../../generated/nimble/auth-request.js'
import { schemaById, wireValidator } from '../../schemas.js'
import nimblePaywall from './paywall.js'
import { FORBIDDEN, toAccessRequest, toResponse } from './translate.js'

const ADAPTER = 'nimble'

/**
 * Nimble Streamer's "Auth handler URL". Nimble reads only return_code, so anything wrong with a request
 * (bad JSON, wrong types, too large, unparsable url) is answered 403: fail closed, never a 5xx.
 */
const nimbleAdapter: FastifyPluginAsync<NimbleAdapterConfig> = async (app, config) => {
  function refuse (request: FastifyRequest, reply: FastifyReply, reason: string, detail: string): FastifyReply {
    request.log.warn({ reason, detail }, 'nimble request refused')
    app.recordRefusal({ adapter: ADAPTER, reason, log: request.log })
    if (config.reasonHeader) reply.header('x-streamgate-reason', `adapter:${reason}`)
    return reply.code(403).send(FORBIDDEN)
  }

  // Nimble's Content-Type is undocumented: read any body as JSON, whatever it is labelled.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson)
  // an empty or malformed Content-Type would be refused before any parser ran (a callback hook: no promise per request)
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type']
    if (type !== undefined && !/^[\w.+-]+\/[\w.+-]+/.test(type)) request.headers['content-type'] = 'application/json'
    done()
  })

  app.setErrorHandler(async (err: Error & { code?: string }, request, reply) =>
    refuse(request, reply, 'bad-request', `${err.code ?? 'ERROR'}: ${err.message}`))

  const validate = wireValidator('nimble/auth-request')
  app.addExplainer(ADAPTER, message => {
    if (!validate(message)) return { refused: 'invalid-message' }
    try {
      return toAccessRequest(message as NimbleAuthRequest)
    } catch (err) {
      return { refused: err instanceof UrlParseError ? err.reason : 'bad-url' }
    }
  })

  if (config.paywall.enabled) await app.register(nimblePaywall, config.paywall)

  const responseSchema = schemaById('nimble/auth-response')
  app.post<{ Body: NimbleAuthRequest }>(config.path, {
    schema: { body: schemaById('nimble/auth-request'), response: { 200: responseSchema, 302: responseSchema, 403: responseSchema } },
    attachValidation: true
  }, async (request, reply) => {
    if (request.validationError !== undefined) {
      return refuse(request, reply, 'invalid-message', request.validationError.message)
    }
    let access
    try {
      access = toAccessRequest(request.body)
    } catch (err) {
      if (!(err instanceof UrlParseError)) throw err
      return refuse(request, reply, err.reason, err.message)
    }
    const decision = await app.authorize(access, { adapter: ADAPTER, log: request.log })
    const body = toResponse(decision, access.host)
    if (config.reasonHeader) reply.header('x-streamgate-reason', `${decision.rule}:${decision.reason}`)
    return reply.code(body.return_code === 302 ? config.redirectHttpStatus : body.return_code).send(body)
  })
}

export default fp(nimbleAdapter, {
  name: 'streamgate-adapter-nimble',
  fastify: '5.x',
  dependencies: ['streamgate-policy', 'streamgate-explain', 'streamgate-store'],
  encapsulate: true
})
