import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import { type AccessRequest, UrlParseError } from '../../core/access-request.js'
import { defineAdapter, type Refused } from '../../core/adapter.js'
import { neitherRedirectNorRename } from '../../core/decision.js'
import type { MediamtxAdapterConfig } from '../../generated/mediamtx/config.js'
import type { MediamtxAuthRequest } from '../../generated/mediamtx/auth-request.js'
import { canonicalAddress, compileRanges, matches } from '../../core/address.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookAuthenticator } from '../hook-auth.js'
import { mediamtxFuzz } from './fuzz.js'
import { type CredentialParams, SERVER_ACTIONS, statusOf, toAccessRequest } from './translate.js'

/** What a message is before any rule runs: a stream request, a server action, or a refusal. */
type Reading = { access: AccessRequest } | { serverAction: string, ip: string } | Refused

function read (body: MediamtxAuthRequest, params: CredentialParams): Reading {
  const ip = canonicalAddress(body.ip)
  if (ip === undefined) return { refused: 'bad-address', detail: 'ip is no IP address' }
  if (SERVER_ACTIONS.has(body.action)) return { serverAction: body.action, ip }
  try {
    return { access: toAccessRequest(body, ip, params) }
  } catch (err) {
    if (err instanceof UrlParseError) return { refused: err.reason, detail: err.message }
    throw err
  }
}

/**
 * MediaMTX's external HTTP authentication (`authMethod: http`). MediaMTX reads only the status: 2xx allows,
 * anything else refuses, so every refusal (a forged call, a message that cannot be read) is an empty 403.
 * Reads and playbacks are plays, publishes are publishes; api, metrics and pprof are refused unless the client's
 * address is in apiAllowFrom. Credentials never reach a log: the decision line holds the path, not the query.
 */
export const mediamtxAdapter = defineAdapter<MediamtxAdapterConfig>({
  id: 'mediamtx',
  configKey: 'mediamtx',
  configSchema: schemaById('mediamtx/config'),
  publishes: true,
  refusedAction: request => (request.body as { action?: unknown } | undefined)?.action === 'publish' ? 'publish' : undefined,
  // MediaMTX sends application/json
  body: 'json',
  refusal: reply => reply.code(403).send(),
  build ({ config, settings, authorize, refuse }) {
    const params: CredentialParams = { tokenParam: config.tokenParam, keyArg: settings.publish.keyArg }
    const apiSources = compileRanges(config.apiAllowFrom, 'adapters.mediamtx.apiAllowFrom')
    const authenticate = hookAuthenticator(config.hookAuth, 'adapters.mediamtx.hookAuth')
    const validate = wireValidator('mediamtx/auth-request')

    function serverAction (action: string, ip: string, log: FastifyBaseLogger): boolean {
      const allowed = apiSources !== undefined && matches(apiSources, ip)
      if (allowed) log.info({ adapter: 'mediamtx', action, ip }, 'server action allowed by apiAllowFrom')
      return allowed
    }

    return {
      authenticate,
      cannotCarryOut: neitherRedirectNorRename,
      explain (message) {
        if (!validate(message)) return { refused: 'invalid-message' }
        const reading = read(message as MediamtxAuthRequest, params)
        if ('access' in reading) return reading.access
        return 'refused' in reading ? { refused: reading.refused } : { refused: 'server-action' }
      },
      routes: [{
        method: 'POST',
        url: config.path,
        schema: { body: schemaById('mediamtx/auth-request') },
        async handler (request: FastifyRequest, reply: FastifyReply) {
          const body = request.body as MediamtxAuthRequest
          const reading = read(body, params)
          if ('refused' in reading) return refuse(request, reply, reading.refused, reading.detail ?? '')
          if ('serverAction' in reading) {
            if (serverAction(reading.serverAction, reading.ip, request.log)) return await reply.code(200).send()
            return refuse(request, reply, 'server-action', `${reading.serverAction} is refused unless its address is in apiAllowFrom`)
          }
          const { access } = reading
          // MediaMTX publishes under the path asked for or not at all, and sends no client elsewhere
          const decision = await authorize(access, request.log, neitherRedirectNorRename(access))
          return await reply.code(statusOf(decision, body)).send()
        }
      }]
    }
  },
  fuzz: mediamtxFuzz
})
