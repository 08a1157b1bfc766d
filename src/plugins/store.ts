import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { StoreConfig } from '../generated/store.js'
import { schemaById } from '../schemas.js'
import { createStore } from '../stores/create.js'
import { instrumented } from '../stores/instrumented.js'
import type { Store } from '../stores/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared state store (memory or Redis), closed with the app. */
    store: Store
  }
}

const storePlugin: FastifyPluginAsync<StoreConfig> = async (app, config) => {
  const store = instrumented(await createStore(config, app.log.child({ component: 'store' })),
    (operation, kind) => { app.metrics.storeErrors.inc({ operation, kind }) })
  app.decorate('store', store)
  app.addHook('onClose', async () => { await store.close() })

  // readiness for load balancers: an instance whose store is unreachable cannot meter or count
  const readiness = schemaById('readiness')
  app.get('/readyz', { schema: { response: { 200: readiness, 503: readiness } } }, async (request, reply) => {
    try {
      await store.ping()
      return { status: 'ready', store: store.kind }
    } catch (err) {
      request.log.warn({ err: { message: (err as Error).message } }, 'not ready: store unreachable')
      return await reply.code(503).send({ status: 'unavailable', store: store.kind })
    }
  })
}

export default fp(storePlugin, { name: 'streamgate-store', fastify: '5.x', dependencies: ['streamgate-metrics'] })
