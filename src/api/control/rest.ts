import type { FastifyPluginAsync } from 'fastify'
import type { ListQuery } from '../../generated/control/list-query.js'
import type { StreamParams } from '../../generated/control/stream-params.js'
import { errors } from '../../errors.js'
import { schemaById } from '../../schemas.js'
import { audit, failureStatus } from './audit.js'
import { KEY_CHANGES } from './key-changes.js'

/** REST administration of stream keys under /v1/streams: keys are shown once, when issued. */
const restRoutes: FastifyPluginAsync = async app => {
  app.addHook('onRequest', app.requireJwt)
  app.setErrorHandler(async (err: Error & { code?: string }, request, reply) => {
    const status = failureStatus(request, err)
    return await reply.code(status).send({ error: status === 503 ? 'store unavailable' : err.message, code: err.code ?? 'SG_BAD_REQUEST' })
  })

  // the response serializer resolves the list's $ref by the schema's full $id
  app.addSchema(schemaById('control/stream'))
  const error = schemaById('control/error')
  const params = schemaById('control/stream-params')
  const keyIssued = { 200: schemaById('control/key-response'), 201: schemaById('control/key-response'), '4xx': error, '5xx': error }
  const noContent = { '4xx': error, '5xx': error }
  type Named = { Params: StreamParams }

  app.get<{ Querystring: ListQuery }>('/v1/streams', {
    schema: { querystring: schemaById('control/list-query'), response: { 200: schemaById('control/stream-list'), '4xx': error, '5xx': error } }
  }, async request => ({ streams: await app.streamKeys.list({ liveOnly: request.query.live === 'true' }) }))

  app.get<Named>('/v1/streams/:name', { schema: { params, response: { 200: schemaById('control/stream'), '4xx': error, '5xx': error } } }, async request => {
    const info = await app.streamKeys.info(request.params.name)
    if (info === undefined) throw new errors.StreamNotFound(request.params.name)
    return info
  })

  app.post<Named>('/v1/streams/:name', { schema: { params, response: keyIssued } }, async (request, reply) => {
    const { name } = request.params
    const key = await app.streamKeys.create(name)
    audit(request, name, 'created')
    return await reply.code(201).send({ name, key })
  })

  app.post<Named>('/v1/streams/:name/rotate', { schema: { params, response: keyIssued } }, async request => {
    const { name } = request.params
    const key = await app.streamKeys.rotate(name)
    audit(request, name, 'rotated')
    return { name, key }
  })

  for (const [change, apply] of Object.entries(KEY_CHANGES)) {
    app.post<Named>(`/v1/streams/:name/${change}`, { schema: { params, response: noContent } }, async (request, reply) => {
      await apply(app, request.params.name)
      audit(request, request.params.name, change)
      return await reply.code(204).send()
    })
  }

  app.delete<Named>('/v1/streams/:name', { schema: { params, response: noContent } }, async (request, reply) => {
    if (!await app.streamKeys.remove(request.params.name)) throw new errors.StreamNotFound(request.params.name)
    audit(request, request.params.name, 'deleted')
    return await reply.code(204).send()
  })
}

export default restRoutes
