import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { StreamKeys } from './stream-keys.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Stream keys and live status, for the adapters (live, offline), the control API and the console. */
    streamKeys: StreamKeys
  }
}

/** The stream keys on the app's store; the stream-key rule checks publishers against the same store. */
const publishPlugin: FastifyPluginAsync = async app => {
  app.decorate('streamKeys', new StreamKeys(app.store))
}

export default fp(publishPlugin, { name: 'streamgate-publish', fastify: '5.x', dependencies: ['streamgate-store'] })
