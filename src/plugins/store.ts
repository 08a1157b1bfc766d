import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { StoreConfig } from '../generated/store.js'
import { schemaById } from '../schemas.js'
import { createStore } from '../stores/create.js'
import { errors } from '../errors.js'
import { answeredWithin, instrumented } from '../stores/instrumented.js'
import type { Store, StoreEvents } from '../stores/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared state store (memory or Redis), closed with the app. */
    store: Store
  }
}

/** A load balancer's health check gives up after a few seconds; readiness answers well within that. */
const READY_WITHIN_MS = 1000

/**
 * Resolves when the store answers PING within READY_WITHIN_MS, or when it is late but still answering other
 * calls: then this instance is busy, not cut off, and taking it out would only move its load (slow is not down).
 */
async function pingOrBusy (store: Store): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => {
      if (answeredWithin(store, READY_WITHIN_MS)) resolve()
      else reject(new errors.StoreTimeout(READY_WITHIN_MS))
    }, READY_WITHIN_MS)
  })
  try {
    await Promise.race([store.ping(), late])
  } finally {
    clearTimeout(timer)
  }
}

const storePlugin: FastifyPluginAsync<StoreConfig> = async (app, config) => {
  const log = app.log.child({ component: 'store' })
  let dataLostAt: string | undefined
  const events: StoreEvents = {
    evicted: count => { app.metrics.storeEvictions.inc(count) },
    dataLost: () => {
      dataLostAt = new Date().toISOString()
      app.metrics.storeDataLosses.inc()
      log.error('the store lost its data (Redis restarted empty or flushed): stream keys, entitlements and balances written before are gone, session limits rebuild within one heartbeat; restore from a backup, and turn persistence on (README: persistence)')
    }
  }
  const store = instrumented(await createStore(config, log, events),
    (operation, kind) => { app.metrics.storeErrors.inc({ operation, kind }) })
  app.decorate('store', store)
  app.addHook('onClose', async () => { await store.close() })

  // readiness for load balancers: an instance whose store is unreachable cannot meter or count
  const readiness = schemaById('readiness')
  app.get('/readyz', { schema: { response: { 200: readiness, 503: readiness } } }, async (request, reply) => {
    try {
      await pingOrBusy(store)
      return { status: 'ready', store: store.kind, ...(dataLostAt === undefined ? {} : { dataLostAt }) }
    } catch (err) {
      request.log.warn({ err: { message: (err as Error).message } }, 'not ready: store unreachable')
      return await reply.code(503).send({ status: 'unavailable', store: store.kind })
    }
  })
}

export default fp(storePlugin, { name: 'streamgate-store', fastify: '5.x', dependencies: ['streamgate-metrics'] })
