import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { NginxAuthRequestAdapterConfig } from '../../generated/nginx-auth-request/config.js'
import type { NginxAuthRequestHeaders } from '../../generated/nginx-auth-request/headers.js'
import { compileRanges } from '../../core/address.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { type TranslateOptions, toAccessRequest, toAnswer } from './translate.js'

const ADAPTER = 'nginx-auth-request'

/** auth_request forwards the original method; PUT and POST uploads are decided too (as publish). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

function lowerCaseKeys (message: unknown): unknown {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return message
  return Object.fromEntries(Object.entries(message).map(([name, value]) => [name.toLowerCase(), value]))
}

/**
 * nginx's auth_request: every answer is bodiless (a body made nginx open a new upstream connection per
 * request), and anything wrong with a subrequest is a 403, since nginx turns any status but 2xx, 401 and
 * 403 into a 500 for the viewer.
 */
const nginxAuthRequestAdapter: FastifyPluginAsync<NginxAuthRequestAdapterConfig> = async (app, config) => {
  const options: TranslateOptions = {
    trusted: compileRanges(config.trustedProxies, 'adapters.nginx.trustedProxies'),
    sessionCookie: config.sessionCookie,
    dashPrefixes: config.dashPrefixes,
    pathRules: config.pathRules
  }

  function refuse (request: FastifyRequest, reply: FastifyReply, reason: string, detail: string): FastifyReply {
    request.log.warn({ reason, detail }, 'nginx auth request refused')
    app.recordRefusal({ adapter: ADAPTER, reason, log: request.log })
    if (config.reasonHeader) reply.header('x-streamgate-reason', `adapter:${reason}`)
    return reply.code(403).send()
  }

  // the decision is made from headers alone: a body sent by mistake (proxy_pass_request_body on) is drained, not parsed
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, payload, done) => {
    payload.resume()
    payload.on('end', () => { done(null) })
  })

  app.setErrorHandler(async (err: Error & { code?: string }, request, reply) =>
    refuse(request, reply, 'bad-request', `${err.code ?? 'ERROR'}: ${err.message}`))

  const validate = wireValidator('nginx-auth-request/headers')
  app.addExplainer(ADAPTER, message => {
    const headers = lowerCaseKeys(message)
    if (!validate(headers)) return { refused: 'invalid-message' }
    const access = toAccessRequest(headers as NginxAuthRequestHeaders, options)
    return 'refused' in access ? { refused: access.refused } : access
  })

  app.route<{ Headers: NginxAuthRequestHeaders }>({
    method: METHODS,
    url: config.path,
    schema: { headers: schemaById('nginx-auth-request/headers') },
    attachValidation: true,
    handler: async (request, reply) => {
      if (request.validationError !== undefined) return refuse(request, reply, 'invalid-message', request.validationError.message)
      const access = toAccessRequest(request.headers, options)
      if ('refused' in access) return refuse(request, reply, access.refused, access.detail)
      const decision = await app.authorize(access, { adapter: ADAPTER, log: request.log })
      const answer = toAnswer(decision, config.denyStatus)
      if (decision.outcome === 'redirect' && answer.location === undefined) {
        request.log.error({ rule: decision.rule }, 'redirect location cannot be sent in a header (only visible ASCII and spaces); answered 403')
      }
      if (config.reasonHeader) reply.header('x-streamgate-reason', `${decision.rule}:${decision.reason}`)
      if (answer.location !== undefined) reply.header('x-redirect-location', answer.location)
      return reply.code(answer.status).send()
    }
  })
}

export default fp(nginxAuthRequestAdapter, {
  name: 'streamgate-adapter-nginx-auth-request',
  fastify: '5.x',
  dependencies: ['streamgate-policy', 'streamgate-explain'],
  encapsulate: true
})
