import type { FastifyPluginAsync } from 'fastify'
import type { StreamParams } from '../../generated/control/stream-params.js'
import { compileOnce, schemaById, wireAjv } from '../../schemas.js'
import { auditAction } from './audit.js'
import type { ConsoleSession } from './sessions.js'
import { KEY_CHANGES } from '../control/key-changes.js'

export interface StreamKeyRoutesOptions {
  sessionOf: (request: import('fastify').FastifyRequest) => ConsoleSession | undefined
}

/**
 * Stream keys from the console, on the same StreamKeys the control API uses: a key is in the answer that
 * creates or rotates it and nowhere else (not in the list, not in the log).
 */
const streamKeyRoutes: FastifyPluginAsync<StreamKeyRoutesOptions> = async (app, { sessionOf }) => {
  // the list's $ref resolves among schemas added here; adding one resets the validator, so it is set again
  app.addSchema(schemaById('control/stream'))
  app.setValidatorCompiler(({ schema }) => compileOnce(wireAjv, schema))
  const params = schemaById('control/stream-params')
  type Named = { Params: StreamParams }

  app.get('/api/streams', { schema: { response: { 200: schemaById('control/stream-list') } } }, async () => ({ streams: await app.streamKeys.list() }))

  app.post<Named>('/api/streams/:name', { schema: { params, response: { 201: schemaById('control/key-response') } } }, async (request, reply) => {
    const { name } = request.params
    const key = await app.streamKeys.create(name)
    auditAction(request, sessionOf(request), 'stream-key-create', { stream: name })
    return await reply.code(201).send({ name, key })
  })

  app.post<Named>('/api/streams/:name/rotate', { schema: { params, response: { 200: schemaById('control/key-response') } } }, async request => {
    const { name } = request.params
    const key = await app.streamKeys.rotate(name)
    auditAction(request, sessionOf(request), 'stream-key-rotate', { stream: name })
    return { name, key }
  })

  for (const [change, apply] of Object.entries(KEY_CHANGES)) {
    app.post<Named>(`/api/streams/:name/${change}`, { schema: { params } }, async (request, reply) => {
      await apply(app, request.params.name)
      auditAction(request, sessionOf(request), `stream-key-${change}`, { stream: request.params.name })
      return await reply.code(204).send()
    })
  }
}

export default streamKeyRoutes
