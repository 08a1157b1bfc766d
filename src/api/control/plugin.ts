import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import livegoRoutes from './livego.js'
import restRoutes from './rest.js'

/** Stream key administration, every route behind the JWT guard. */
const controlApi: FastifyPluginAsync = async app => {
  await app.register(livegoRoutes)
  await app.register(restRoutes)
}

export default fp(controlApi, {
  name: 'streamgate-control-api',
  fastify: '5.x',
  dependencies: ['streamgate-jwt-auth', 'streamgate-publish']
})
