import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Registry, collectDefaultMetrics } from 'prom-client'
import { LatencyHistogram } from './latency-histogram.js'

type DecisionLabel = 'adapter' | 'policy' | 'rule' | 'outcome' | 'reason'

export interface Metrics {
  registry: Registry
  /** Counts one decision; cheap enough for the hot path (prom-client's label hashing runs at scrape time). */
  countDecision (adapter: string, decision: Readonly<Record<Exclude<DecisionLabel, 'adapter'>, string>>): void
  latency: LatencyHistogram
  configReloads: Counter<'result'>
  storeErrors: Counter<'operation' | 'kind'>
  storeEvictions: Counter
  storeDataLosses: Counter
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

/** Prometheus metrics on a registry of this app's own, so several apps in one process do not mix. */
const metricsPlugin: FastifyPluginAsync = async app => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'streamgate_' })
  // adapter → policy → rule → outcome → reason → count: a lookup per label, no key built per decision
  type Counts = Map<string, Map<string, Map<string, Map<string, Map<string, { count: number }>>>>>
  const decisionCounts: Counts = new Map()
  const inner = <V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> => {
    let value = map.get(key)
    if (value === undefined) map.set(key, value = new Map<string, V>())
    return value
  }
  // registered in `registry`; its values are filled in from decisionCounts at each scrape
  new Counter<DecisionLabel>({
    name: 'streamgate_decisions_total',
    help: 'Decisions by adapter, policy, deciding rule, outcome and reason',
    labelNames: ['adapter', 'policy', 'rule', 'outcome', 'reason'],
    registers: [registry],
    collect () {
      this.reset()
      for (const [adapter, policies] of decisionCounts) {
        for (const [policy, rules] of policies) {
          for (const [rule, outcomes] of rules) {
            for (const [outcome, reasons] of outcomes) {
              for (const [reason, { count }] of reasons) this.inc({ adapter, policy, rule, outcome, reason }, count)
            }
          }
        }
      }
    }
  })
  const metrics: Metrics = {
    registry,
    countDecision (adapter, { policy, rule, outcome, reason }) {
      const byReason = inner(inner(inner(inner(decisionCounts, adapter), policy), rule), outcome)
      const entry = byReason.get(reason)
      if (entry === undefined) byReason.set(reason, { count: 1 })
      else entry.count++
    },
    latency: new LatencyHistogram('streamgate_decision_duration_seconds',
      'Time to decide, from the adapter handing over the request to the decision',
      [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registry),
    configReloads: new Counter({
      name: 'streamgate_config_reloads_total',
      help: 'Config reloads by result (applied or rejected)',
      labelNames: ['result'],
      registers: [registry]
    }),
    storeErrors: new Counter({
      name: 'streamgate_store_errors_total',
      help: 'Store operations that failed, by operation and kind (error or timeout)',
      labelNames: ['operation', 'kind'],
      registers: [registry]
    }),
    storeEvictions: new Counter({
      name: 'streamgate_store_evictions_total',
      help: 'Expiring entries the memory store dropped early to stay within store.maxEntries',
      registers: [registry]
    }),
    storeDataLosses: new Counter({
      name: 'streamgate_store_data_losses_total',
      help: 'Times the store was found to have lost its data (a Redis restarted empty or flushed)',
      registers: [registry]
    })
  }
  app.decorate('metrics', metrics)
  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType)
    return await registry.metrics()
  })
}

export default fp(metricsPlugin, { name: 'streamgate-metrics', fastify: '5.x' })
