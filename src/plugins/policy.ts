import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { AccessRequest } from '../core/access-request.js'
import type { CannotCarryOut, TraceEntry } from '../core/decision.js'
import { DecisionFeed } from '../core/decision-feed.js'
import { buildPolicySet, type PolicyDecision, type PolicySet } from '../core/policy.js'
import { declaredReason } from '../core/reasons.js'
import type { RuleRegistry } from '../core/registry.js'
import type { RuleDeps } from '../core/rule.js'
import type { PolicyConfig } from '../generated/config.js'
import type { DecisionLine } from '../generated/decision-line.js'
import { logDecision } from './decision-line.js'

export type AuthorizeResult = PolicyDecision

export interface AuthorizeOptions {
  adapter: string
  log: FastifyBaseLogger
  /** Explain runs: rules must not change state. */
  dryRun?: boolean
  trace?: TraceEntry[]
  /** Why the adapter would refuse a decision the chain let in (see CannotCarryOut): the decision becomes that refusal. */
  cannotCarryOut?: CannotCarryOut
  /** The reason codes the adapter declared besides the built-in ones. */
  declared?: ReadonlySet<string>
}

/** A decision taken by an adapter before any rule ran (an unreadable message, say). */
export interface Refusal {
  adapter: string
  /** When the adapter knows it (a publish hook, say). */
  action?: AccessRequest['action']
  reason: string
  log: FastifyBaseLogger
  /** The reason codes the adapter declared besides the built-in ones. */
  declared?: ReadonlySet<string>
}

export interface PolicyPluginOptions {
  policies: readonly PolicyConfig[]
  registry: RuleRegistry
  deps: RuleDeps
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the policy chain for a request, logs and counts the decision. The only way adapters get a decision. */
    authorize (request: AccessRequest, options: AuthorizeOptions): AuthorizeResult | Promise<AuthorizeResult>
    /** Logs and counts a refusal an adapter made on its own, so every answer leaves one decision line. */
    recordRefusal (refusal: Refusal): void
    /** The session behind a request is over (a `*_done` hook): rules that count sessions let it go. */
    endSession (request: AccessRequest, options: Pick<AuthorizeOptions, 'log'>): Promise<void>
    /** Builds new policies and swaps them in; throws (and keeps the old ones) only when they do not build. */
    replacePolicies (policies: readonly PolicyConfig[]): Promise<void>
    /** Every recorded decision, for watchers such as the console; free while nobody subscribes. */
    decisionFeed: DecisionFeed
  }
}

interface Generation {
  set: PolicySet
  inFlight: number
  retired: boolean
}

const policyPlugin: FastifyPluginAsync<PolicyPluginOptions> = async (app, { policies, registry, deps }) => {
  let current: Generation = { set: await buildPolicySet(policies, registry, deps), inFlight: 0, retired: false }

  /** Closes a retired generation once its last request is done. Never rejects: the new policies already serve. */
  const closeWhenIdle = async (generation: Generation): Promise<void> => {
    if (!generation.retired || generation.inFlight > 0) return
    try {
      await generation.set.close()
    } catch (err) {
      app.log.error({ err: { message: (err as Error).message } }, 'retired policies failed to close')
    }
  }

  const feed = new DecisionFeed()
  app.decorate('decisionFeed', feed)

  function record (log: FastifyBaseLogger, adapter: string, decision: AuthorizeResult | (Refusal & { outcome: 'deny', rule: 'adapter', policy: 'none' }), request: AccessRequest | undefined, started: number): void {
    // to the µs: finer is noise, and a whole number of µs is written without the general number-to-text conversion
    const ms = Math.round((performance.now() - started) * 1000) / 1000
    app.metrics.countDecision(adapter, decision)
    app.metrics.latency.observe({ adapter }, ms / 1e3)
    // a publish's stream is the public name the rules gave (its URL holds no key, see PublishCredentials)
    const line: DecisionLine = {
      adapter,
      action: request?.action ?? ('action' in decision ? decision.action : undefined),
      app: request?.url.app,
      path: request?.url.path,
      stream: ('stream' in decision ? decision.stream : undefined) ?? request?.url.stream,
      protocol: request?.protocol,
      ip: request?.ip,
      outcome: decision.outcome,
      policy: decision.policy,
      rule: decision.rule,
      reason: decision.reason,
      subject: 'subject' in decision ? decision.subject : undefined,
      lifetime: 'lifetime' in decision ? decision.lifetime : undefined,
      ms
    }
    logDecision(log, line)
    feed.publish(line)
  }

  const settle = (generation: Generation): void => {
    generation.inFlight--
    if (generation.retired) void closeWhenIdle(generation)
  }

  // not async: a chain that decided synchronously is recorded and answered without a promise of its own
  app.decorate('authorize', function authorize (request: AccessRequest, options: AuthorizeOptions): AuthorizeResult | Promise<AuthorizeResult> {
    const started = performance.now()
    const generation = current
    generation.inFlight++
    const decided = (decision: AuthorizeResult): AuthorizeResult => {
      settle(generation)
      if (options.dryRun !== true) record(options.log, options.adapter, decision, request, started)
      return decision
    }
    let evaluated
    try {
      evaluated = generation.set.evaluate(request, { dryRun: options.dryRun ?? false, log: options.log, trace: options.trace }, options.cannotCarryOut, options.declared)
    } catch (err) {
      settle(generation)
      throw err
    }
    if (!(evaluated instanceof Promise)) return decided(evaluated)
    return evaluated.then(decided, (err: unknown) => {
      settle(generation)
      throw err
    })
  })

  app.decorate('endSession', async function endSession (request: AccessRequest, { log }: Pick<AuthorizeOptions, 'log'>): Promise<void> {
    // counted in flight like a decision: a reload must not close the rules while they still end the session
    const generation = current
    generation.inFlight++
    try {
      await generation.set.end(request, { dryRun: false, log })
    } finally {
      settle(generation)
    }
  })

  app.decorate('recordRefusal', function recordRefusal (refusal: Refusal): void {
    const reason = declaredReason(refusal.reason, refusal.declared)
    if (reason !== refusal.reason) refusal.log.warn({ adapter: refusal.adapter, reason: refusal.reason }, 'adapter gave a reason that is not in src/core/reasons.ts')
    record(refusal.log, refusal.adapter, { ...refusal, reason, outcome: 'deny', rule: 'adapter', policy: 'none' }, undefined, performance.now())
  })

  app.decorate('replacePolicies', async function replacePolicies (next: readonly PolicyConfig[]): Promise<void> {
    const set = await buildPolicySet(next, registry, deps)
    // the app closed while they were built (a SIGTERM during a reload): nothing will ever close them but this
    if (current.retired) {
      await set.close()
      return
    }
    const previous = current
    current = { set, inFlight: 0, retired: false }
    previous.retired = true
    await closeWhenIdle(previous)
  })

  app.addHook('onClose', async () => {
    current.retired = true
    await closeWhenIdle(current)
  })
}

export default fp(policyPlugin, { name: 'streamgate-policy', fastify: '5.x', dependencies: ['streamgate-metrics'] })
