import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { StoreConfig } from '../generated/store.js'
import { createStore } from '../stores/create.js'
import type { Store } from '../stores/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared state store (memory or Redis), closed with the app. */
    store: Store
  }
}

const storePlugin: FastifyPluginAsync<StoreConfig> = async (app, config) => {
  const store = await createStore(config, app.log.child({ component: 'store' }))
  app.decorate('store', store)
  app.addHook('onClose', async () => { await store.close() })
}

export default fp(storePlugin, { name: 'streamgate-store', fastify: '5.x' })
