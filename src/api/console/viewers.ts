import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { targetOf, toWire } from '../admin/plugin.js'
import type { AdminEntitlement } from '../../generated/admin/entitlement.js'
import type { AdminSessionParams } from '../../generated/admin/session-params.js'
import type { AdminSessionQuery } from '../../generated/admin/session-query.js'
import type { AdminTopUp } from '../../generated/admin/top-up.js'
import type { AdminViewerParams } from '../../generated/admin/viewer-params.js'
import type { ConsoleViewer } from '../../generated/console/viewer.js'
import { Balances } from '../../paywall/balances.js'
import { Entitlements } from '../../paywall/entitlements.js'
import { Sessions } from '../../paywall/sessions.js'
import { compileOnce, configAjv, schemaById, wireAjv } from '../../schemas.js'
import { auditAction } from './audit.js'
import type { ConsoleSession } from './sessions.js'

export interface ViewerRoutesOptions {
  sessionOf: (request: FastifyRequest) => ConsoleSession | undefined
}

type Viewer = { Params: AdminViewerParams }

/** A viewer's entitlements, balance and sessions, on the same paywall state the admin API changes. */
const viewerRoutes: FastifyPluginAsync<ViewerRoutesOptions> = async (app, { sessionOf }) => {
  const entitlements = new Entitlements(app.store)
  const balances = new Balances(app.store)
  const sessions = new Sessions(app.store)
  const params = schemaById('admin/viewer-params')
  for (const id of ['admin/entitlement', 'admin/balance', 'admin/session-list']) app.addSchema(schemaById(id))
  // bodies are JSON and must have exact types; a query string is text, so ?banSeconds=600 is read as a number
  app.setValidatorCompiler(({ schema, httpPart }) => compileOnce(httpPart === 'body' ? wireAjv : configAjv, schema))

  const overview = async (viewer: string): Promise<ConsoleViewer> => {
    const [granted, balance, live] = await Promise.all([entitlements.list(viewer), balances.read(viewer), sessions.list(viewer)])
    return {
      viewer,
      entitlements: granted.map(toWire),
      balance: { viewer, ...balance },
      sessions: { viewer, sessions: live.map(l => ({ session: l.member, expiresAt: new Date(l.expiresAt).toISOString() })) }
    }
  }
  const response = { 200: schemaById('console/viewer') }

  app.get<Viewer>('/api/viewers/:viewer', { schema: { params, response } }, async request => await overview(request.params.viewer))

  app.post<Viewer & { Body: AdminEntitlement }>('/api/viewers/:viewer/entitlements', {
    schema: { params, body: schemaById('admin/entitlement'), response }
  }, async request => {
    const { viewer } = request.params
    const { expiresAt } = request.body
    await entitlements.grant(viewer, { target: targetOf(request.body), ...(expiresAt === undefined ? {} : { expiresAt: Date.parse(expiresAt) }) })
    auditAction(request, sessionOf(request), 'entitlement-grant', { viewer, ...targetOf(request.body), expiresAt })
    return await overview(viewer)
  })

  app.post<Viewer & { Body: AdminTopUp }>('/api/viewers/:viewer/balance', {
    schema: { params, body: schemaById('admin/top-up'), response }
  }, async request => {
    const { viewer } = request.params
    await balances.topUp(viewer, request.body.seconds)
    auditAction(request, sessionOf(request), 'balance-top-up', { viewer, seconds: request.body.seconds })
    return await overview(viewer)
  })

  app.delete<{ Params: AdminSessionParams, Querystring: AdminSessionQuery }>('/api/viewers/:viewer/sessions/:session', {
    schema: { params: schemaById('admin/session-params'), querystring: schemaById('admin/session-query') }
  }, async (request, reply) => {
    const { viewer, session } = request.params
    const { stream, banSeconds = 0 } = request.query
    const { ended, found } = await sessions.stop(viewer, session, banSeconds * 1000, stream)
    auditAction(request, sessionOf(request), banSeconds > 0 ? 'session-kick' : 'session-end', { viewer, session, stream, banSeconds, ended })
    return found ? await reply.code(204).send() : await reply.code(404).send({ error: 'not-found' })
  })
}

export default viewerRoutes
