import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../../errors.js'
import type { LivegoResponse } from '../../generated/control/livego-response.js'
import type { RoomQuery } from '../../generated/control/room-query.js'
import { schemaById } from '../../schemas.js'
import { audit, failureStatus } from './audit.js'

type Operation = 'get' | 'reset' | 'delete'

/**
 * LiveGo's control API: /control/get, /control/reset, /control/delete with ?room=<public name>, answered
 * {"status":<HTTP status>,"data":"<key | Ok | message>"}. One difference: keys are stored hashed, so `get`
 * on a room that has a key answers 409 instead of showing it again; `reset` issues a new one.
 */
const livegoRoutes: FastifyPluginAsync = async app => {
  const send = async (reply: FastifyReply, status: number, data: string): Promise<FastifyReply> =>
    await reply.code(status).send({ status, data } satisfies LivegoResponse)

  app.addHook('onRequest', app.requireJwt)
  app.setErrorHandler(async (err: Error, request, reply) => {
    const status = failureStatus(request, err)
    return await send(reply, status, status === 503 ? 'store unavailable' : err.message)
  })

  const operations: Record<Operation, (room: string, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>> = {
    get: async (room, request, reply) => {
      let key
      try {
        key = await app.streamKeys.create(room)
      } catch (err) {
        if (!(err instanceof errors.StreamKeyExists)) throw err
        return await send(reply, 409, `room "${room}" has a key already; keys are stored hashed and shown once: /control/reset?room=${room} issues a new one`)
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

  const response = { '2xx': schemaById('control/livego-response'), '4xx': schemaById('control/livego-response'), '5xx': schemaById('control/livego-response') }
  for (const [operation, run] of Object.entries(operations)) {
    app.get<{ Querystring: RoomQuery }>(`/control/${operation}`, { schema: { querystring: schemaById('control/room-query'), response } }, async (request, reply) => {
      const room = request.query.room ?? ''
      if (room === '') return await send(reply, 400, `url: /control/${operation}?room=<ROOM_NAME>`)
      return await run(room, request, reply)
    })
  }
}

export default livegoRoutes
