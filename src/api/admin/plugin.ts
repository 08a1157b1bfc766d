import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { AdminConfig } from '../../generated/admin/config.js'
import type { AdminEntitlement } from '../../generated/admin/entitlement.js'
import type { AdminEntitlementTarget } from '../../generated/admin/entitlement-target.js'
import type { AdminSessionParams } from '../../generated/admin/session-params.js'
import type { AdminSessionQuery } from '../../generated/admin/session-query.js'
import type { AdminTopUp } from '../../generated/admin/top-up.js'
import type { AdminViewerParams } from '../../generated/admin/viewer-params.js'
import { Balances } from '../../paywall/balances.js'
import { type Entitlement, type EntitlementTarget, Entitlements } from '../../paywall/entitlements.js'
import { Sessions } from '../../paywall/sessions.js'
import { schemaById } from '../../schemas.js'
import { errors } from '../../errors.js'

export function targetOf (wire: AdminEntitlementTarget): EntitlementTarget {
  if (wire.stream !== undefined) return { stream: wire.stream }
  if (wire.glob !== undefined) return { glob: wire.glob }
  return { event: wire.event ?? '' }
}

export function toWire ({ target, expiresAt }: Entitlement): AdminEntitlement {
  return { ...target, ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }) }
}

interface Viewer { Params: AdminViewerParams }

/**
 * The admin API over entitlements, balances and sessions. Callers prove the admin bearer token or, when the
 * control API's JWT is configured, a valid JWT (see plugins/admin-auth.ts).
 */
const adminApi: FastifyPluginAsync<AdminConfig> = async app => {
  const { requireAdmin } = app
  if (requireAdmin === undefined) throw new errors.OptionInvalid('admin: token is required')
  const entitlements = new Entitlements(app.store)
  const balances = new Balances(app.store)
  const sessions = new Sessions(app.store)
  const error = schemaById('admin/error')
  // the response serializer resolves $refs only among schemas added to the instance
  app.addSchema(schemaById('admin/entitlement'))
  const params = schemaById('admin/viewer-params')

  app.addHook('onRequest', requireAdmin)

  app.setErrorHandler(async (err: Error & { code?: string, statusCode?: number }, request, reply: FastifyReply) => {
    if (err.statusCode !== undefined && err.statusCode < 500) return await reply.code(err.statusCode).send({ error: err.code ?? 'bad-request', message: err.message })
    request.log.warn({ code: err.code, detail: err.message }, 'admin request failed: store unavailable')
    return await reply.code(503).send({ error: 'store-unavailable' })
  })

  app.get<Viewer>('/viewers/:viewer/entitlements', {
    schema: { params, response: { 200: schemaById('admin/entitlement-list'), '4xx': error, '5xx': error } }
  }, async request => ({ viewer: request.params.viewer, entitlements: (await entitlements.list(request.params.viewer)).map(toWire) }))

  app.post<Viewer & { Body: AdminEntitlement }>('/viewers/:viewer/entitlements', {
    schema: { params, body: schemaById('admin/entitlement'), response: { 201: schemaById('admin/entitlement'), '4xx': error, '5xx': error } }
  }, async (request, reply) => {
    const entitlement: Entitlement = {
      target: targetOf(request.body),
      ...(request.body.expiresAt === undefined ? {} : { expiresAt: Date.parse(request.body.expiresAt) })
    }
    const held = await entitlements.grant(request.params.viewer, entitlement)
    return await reply.code(201).send(toWire(held))
  })

  app.delete<Viewer & { Querystring: AdminEntitlementTarget }>('/viewers/:viewer/entitlements', {
    schema: { params, querystring: schemaById('admin/entitlement-target'), response: { '4xx': error, '5xx': error } }
  }, async (request, reply) => {
    const revoked = await entitlements.revoke(request.params.viewer, targetOf(request.query))
    return revoked ? await reply.code(204).send() : await reply.code(404).send({ error: 'not-found' })
  })

  const balance = schemaById('admin/balance')
  app.get<Viewer>('/viewers/:viewer/balance', {
    schema: { params, response: { 200: balance, '4xx': error, '5xx': error } }
  }, async request => ({ viewer: request.params.viewer, ...await balances.read(request.params.viewer) }))

  app.post<Viewer & { Body: AdminTopUp }>('/viewers/:viewer/balance', {
    schema: { params, body: schemaById('admin/top-up'), response: { 200: balance, '4xx': error, '5xx': error } }
  }, async request => {
    await balances.topUp(request.params.viewer, request.body.seconds)
    return { viewer: request.params.viewer, ...await balances.read(request.params.viewer) }
  })

  app.delete<Viewer>('/viewers/:viewer/usage', {
    schema: { params, response: { '4xx': error, '5xx': error } }
  }, async (request, reply) => {
    await balances.resetBytes(request.params.viewer)
    return await reply.code(204).send()
  })

  const sessionQuery = schemaById('admin/session-query')
  app.get<Viewer & { Querystring: AdminSessionQuery }>('/viewers/:viewer/sessions', {
    schema: { params, querystring: sessionQuery, response: { 200: schemaById('admin/session-list'), '4xx': error, '5xx': error } }
  }, async request => {
    const { viewer } = request.params
    const live = await sessions.list(viewer, request.query.stream)
    return {
      viewer,
      ...(request.query.stream === undefined ? {} : { stream: request.query.stream }),
      sessions: live.map(l => ({ session: l.member, expiresAt: new Date(l.expiresAt).toISOString() }))
    }
  })

  app.delete<{ Params: AdminSessionParams, Querystring: AdminSessionQuery }>('/viewers/:viewer/sessions/:session', {
    schema: { params: schemaById('admin/session-params'), querystring: sessionQuery, response: { '4xx': error, '5xx': error } }
  }, async (request, reply) => {
    const { viewer, session } = request.params
    const { stream, banSeconds = 0 } = request.query
    const { found } = await sessions.stop(viewer, session, banSeconds * 1000, stream)
    return found ? await reply.code(204).send() : await reply.code(404).send({ error: 'not-found' })
  })
}

/** Registers the API under its prefix in a context of its own, so its auth hook guards only its routes. */
const adminPlugin: FastifyPluginAsync<AdminConfig> = async (app, config) => {
  await app.register(adminApi, config)
}

export default fp(adminPlugin, { name: 'streamgate-admin', fastify: '5.x', dependencies: ['streamgate-store', 'streamgate-admin-auth'] })
