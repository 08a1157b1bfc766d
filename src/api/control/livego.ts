import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../../errors.js'
import type { LivegoResponse } from '../../generated/control/livego-response.js'
import { schemaById } from '../../schemas.js'
import { audit, failureStatus } from './audit.js'
import { livegoJwtRefusal } from './livego-auth.js'
import { FORM_METHODS, goFormValue, rawQueryOf } from './livego-form.js'

type Operation = 'get' | 'reset' | 'delete'

const usage = (operation: string): string => `url: /control/${operation}?room=<ROOM_NAME>`

/**
 * LiveGo's control API as its protocol/api/api.go answers (test/fixtures/livego/control-api.json): /control/get,
 * /control/reset, /control/delete with any method, room from a form body or the query, every answer
 * {"status":<HTTP status>,"data":"<key | Ok | message>"}; a refused JWT is 403, a failed operation 400.
 * Where LiveGo cannot be followed safely it is not: keys are stored hashed, so `get` on a room that has a
 * key answers 400 (reset issues a new one), and OPTIONS needs a token like every other method.
 */
const livegoRoutes: FastifyPluginAsync = async app => {
  const send = async (reply: FastifyReply, status: number, data: string): Promise<FastifyReply> =>
    await reply.code(status).send({ status, data } satisfies LivegoResponse)

  app.addHook('onRequest', async (request, reply) => {
    try {
      await app.requireJwt(request)
    } catch {
      request.log.warn({ status: 403, path: request.routeOptions.url }, 'control request refused: no valid JWT')
      return await send(reply, 403, livegoJwtRefusal(request, new URLSearchParams(rawQueryOf(request.raw.url)).get('jwt')))
    }
  })

  // Go reads a form body and ignores any other: keep forms as text, drop the rest unread
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => { done(null, body) })
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => { done(null, undefined) })

  app.setErrorHandler(async (err: Error & { code?: string }, request, reply) => {
    const operation = request.routeOptions.url?.slice('/control/'.length) ?? 'get'
    // Fastify's own refusals (a body too large, an unreadable Content-Type) are where Go's ParseForm fails
    if (err.code?.startsWith('FST_') === true) return await send(reply, 400, usage(operation))
    const status = failureStatus(request, err)
    return await send(reply, 400, status === 503 ? 'store unavailable' : err.message)
  })

  const operations: Record<Operation, (room: string, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>> = {
    get: async (room, request, reply) => {
      let key
      try {
        key = await app.streamKeys.create(room)
      } catch (err) {
        if (!(err instanceof errors.StreamKeyExists)) throw err
        return await send(reply, 400, `room "${room}" has a key already; keys are stored hashed and shown once: /control/reset?room=${room} issues a new one`)
      }
      audit(request, room, 'created')
      return await send(reply, 200, key)
    },
    reset: async (room, request, reply) => {
      const key = await app.streamKeys.rotate(room, { createMissing: true })
      audit(request, room, 'rotated')
      return await send(reply, 200, key)
    },
    delete: async (room, request, reply) => {
      if (!await app.streamKeys.remove(room)) return await send(reply, 404, 'room not found')
      audit(request, room, 'deleted')
      return await send(reply, 200, 'Ok')
    }
  }

  const answer = schemaById('control/livego-response')
  for (const [operation, run] of Object.entries(operations)) {
    // the query schema documents the route; the room is read as Go reads it (a repeated room is no error)
    app.all(`/control/${operation}`, { attachValidation: true, schema: { querystring: schemaById('control/room-query'), response: { '2xx': answer, '4xx': answer } } }, async (request, reply) => {
      const form = FORM_METHODS.has(request.method) && typeof request.body === 'string' ? request.body : undefined
      const room = goFormValue('room', rawQueryOf(request.raw.url), form)
      if (room === undefined || room === '') return await send(reply, 400, usage(operation))
      return await run(room, request, reply)
    })
  }
}

export default livegoRoutes
