import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { AccessRequest } from '../core/access-request.js'
import type { Decision, TraceEntry } from '../core/decision.js'
import type { PolicySet } from '../core/policy.js'

export type AuthorizeResult = Decision & { policy: string }

export interface AuthorizeOptions {
  adapter: string
  log: FastifyBaseLogger
  dryRun?: boolean
  trace?: TraceEntry[]
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the policy chain for a request and logs the decision. The only way adapters get a decision. */
    authorize (request: AccessRequest, options: AuthorizeOptions): Promise<AuthorizeResult>
  }
}

/** Logs a decision the way every adapter does, including those refused before the chain ran. */
export function logDecision (log: FastifyBaseLogger, adapter: string, decision: Omit<AuthorizeResult, 'outcome'> & { outcome: string }, request: AccessRequest | undefined, started: bigint): void {
  log.info({
    adapter,
    app: request?.url.app,
    stream: request?.url.stream,
    protocol: request?.protocol,
    ip: request?.ip,
    outcome: decision.outcome,
    policy: decision.policy,
    rule: decision.rule,
    reason: decision.reason,
    ms: Number(process.hrtime.bigint() - started) / 1e6
  }, 'decision')
}

const policyPlugin: FastifyPluginAsync<{ policies: PolicySet }> = async (app, { policies }) => {
  app.decorate('authorize', async function authorize (request: AccessRequest, options: AuthorizeOptions): Promise<AuthorizeResult> {
    const started = process.hrtime.bigint()
    const decision = await policies.evaluate(request, { dryRun: options.dryRun ?? false, log: options.log, trace: options.trace })
    logDecision(options.log, options.adapter, decision, request, started)
    return decision
  })
  app.addHook('onClose', async () => { await policies.close() })
}

export default fp(policyPlugin, { name: 'streamgate-policy', fastify: '5.x' })
