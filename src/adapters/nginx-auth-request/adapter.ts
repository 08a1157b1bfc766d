import type { FastifyBaseLogger } from 'fastify'
import type { AccessRequest } from '../../core/access-request.js'
import { defineAdapter } from '../../core/adapter.js'
import type { CannotCarryOut } from '../../core/decision.js'
import type { NginxAuthRequestAdapterConfig } from '../../generated/nginx-auth-request/config.js'
import type { NginxAuthRequestHeaders } from '../../generated/nginx-auth-request/headers.js'
import { compileRanges } from '../../core/address.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { headerValue } from '../header-value.js'
import { nginxAuthRequestFuzz } from './fuzz.js'
import { sendable, type TranslateOptions, toAccessRequest, toAnswer } from './translate.js'

/** A redirect whose location cannot travel in a header nginx reads (a misconfiguration, reported to `log`). */
const cannotCarryOut = (_access: AccessRequest, log?: FastifyBaseLogger): CannotCarryOut => decision => {
  if (decision.outcome !== 'redirect' || sendable(decision.location)) return undefined
  log?.error({ rule: decision.rule }, 'redirect location cannot be sent in a header (only visible ASCII and spaces, at most 2048 characters); answered 403')
  return 'bad-redirect-location'
}

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
export const nginxAuthRequestAdapter = defineAdapter<NginxAuthRequestAdapterConfig>({
  id: 'nginx-auth-request',
  configKey: 'nginx',
  configSchema: schemaById('nginx-auth-request/config'),
  // the decision is made from headers alone: a body sent by mistake (proxy_pass_request_body on) is drained
  body: 'none',
  refusal (reply, reason, _request, config) {
    if (config.reasonHeader) reply.header('x-streamgate-reason', `adapter:${reason}`)
    return reply.code(403).send()
  },
  build ({ config, answer, refuse }) {
    const options: TranslateOptions = {
      addressHeader: config.addressHeader,
      trusted: compileRanges(config.trustedProxies, 'adapters.nginx.trustedProxies'),
      sessionCookie: config.sessionCookie,
      dashPrefixes: config.dashPrefixes,
      pathRules: config.pathRules
    }
    const validate = wireValidator('nginx-auth-request/headers')
    return {
      cannotCarryOut,
      explain (message) {
        const headers = lowerCaseKeys(message)
        if (!validate(headers)) return { refused: 'invalid-message' }
        return toAccessRequest(headers as NginxAuthRequestHeaders, options)
      },
      routes: [{
        method: METHODS,
        url: config.path,
        schema: { headers: schemaById('nginx-auth-request/headers') },
        handler (request, reply) {
          const access = toAccessRequest(request.headers, options)
          if ('refused' in access) return refuse(request, reply, access.refused, access.detail)
          return answer(access, request.log, decision => {
            const { status, location } = toAnswer(decision, config.denyStatus)
            if (config.reasonHeader) reply.header('x-streamgate-reason', headerValue(`${decision.rule}:${decision.reason}`))
            if (location !== undefined) reply.header('x-redirect-location', location)
            return reply.code(status).send()
          }, cannotCarryOut(access, request.log))
        }
      }]
    }
  },
  fuzz: nginxAuthRequestFuzz
})
