import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AccessRequest } from '../core/access-request.js'
import type { CannotCarryOut, TraceEntry } from '../core/decision.js'
import type { ExplainRequest } from '../generated/explain/request.js'
import type { ExplainResponse } from '../generated/explain/response.js'
import { schemaById } from '../schemas.js'
import { errors } from '../errors.js'

/** Turns an adapter's raw message into an AccessRequest, or names why the adapter would refuse it. */
export type Explainer = (message: unknown) => AccessRequest | { refused: string }

/** How an adapter asks for a decision: what its media server cannot carry out, and its own reason codes. */
export interface ExplainedAsking {
  cannotCarryOut?: (access: AccessRequest) => CannotCarryOut | undefined
  declared?: ReadonlySet<string>
}

export interface ExplainPluginOptions {
  /** Admin authentication for POST /v1/explain; without it the route is not registered. */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Adapters register how to read their messages, so explain can take any adapter's message. */
    addExplainer (adapter: string, explainer: Explainer, asking?: ExplainedAsking): void
    /** The decision a message would get and each rule's answer, with no side effects. */
    explain (adapter: string, message: unknown): Promise<ExplainResponse>
  }
}

function publicView ({ raw, cookies, publish, ...request }: AccessRequest): NonNullable<ExplainResponse['request']> {
  return request
}

const explainPlugin: FastifyPluginAsync<ExplainPluginOptions> = async (app, options) => {
  const explainers = new Map<string, { explainer: Explainer, asking: ExplainedAsking }>()
  app.decorate('addExplainer', (adapter: string, explainer: Explainer, asking: ExplainedAsking = {}) => { explainers.set(adapter, { explainer, asking }) })
  app.decorate('explain', async (adapter: string, message: unknown): Promise<ExplainResponse> => {
    const registered = explainers.get(adapter)
    if (registered === undefined) throw new errors.AdapterUnknown(adapter, [...explainers.keys()].join(', '))
    const { explainer, asking: { cannotCarryOut, declared } } = registered
    const request = explainer(message)
    if ('refused' in request) {
      return { adapter, decision: { outcome: 'deny', rule: 'adapter', reason: request.refused, policy: 'none' }, trace: [] }
    }
    const trace: TraceEntry[] = []
    // the decision the adapter would answer: one its media server cannot carry out is its refusal
    const decision = await app.authorize(request, { adapter, log: app.log, dryRun: true, trace, cannotCarryOut: cannotCarryOut?.(request), declared })
    return { adapter, request: publicView(request), decision, trace }
  })

  // Explain shows how policies are built: without admin authentication there is no route, only the CLI.
  if (options.onRequest === undefined) return
  app.post<{ Body: ExplainRequest }>('/v1/explain', {
    onRequest: options.onRequest,
    schema: { body: schemaById('explain/request'), response: { 200: schemaById('explain/response') } }
  }, async (request, reply) => {
    try {
      return await app.explain(request.body.adapter, request.body.message)
    } catch (err) {
      if (err instanceof errors.AdapterUnknown) return await reply.code(400).send({ error: err.message })
      throw err
    }
  })
}

export default fp(explainPlugin, { name: 'streamgate-explain', fastify: '5.x', dependencies: ['streamgate-policy'] })
