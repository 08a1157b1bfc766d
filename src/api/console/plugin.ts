import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ConsoleConfig } from '../../generated/console/config.js'
import type { ExplainRequest } from '../../generated/explain/request.js'
import { errors } from '../../errors.js'
import { schemaById } from '../../schemas.js'
import { Activity } from './activity.js'
import { loadAssets } from './assets.js'
import { auditAction } from './audit.js'
import liveFeed from './live-feed.js'
import { ConsoleSessions } from './sessions.js'
import streamKeyRoutes from './stream-keys.js'
import viewerRoutes from './viewers.js'

/** Sent by the console's own requests: a cross-site form cannot set it, so no other site can act for a signed-in operator. */
export const CONSOLE_HEADER = 'x-streamgate-console'

const securityHeaders = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store'
}

/**
 * The operator console under `console.prefix`: a sign-in page that takes the admin token or a JWT (checked by
 * the admin authentication), then a session cookie for the page, its files and its API. Nothing but the
 * sign-in page loads without that session.
 */
const consolePlugin: FastifyPluginAsync<ConsoleConfig> = async (app, config) => {
  const { requireAdmin } = app
  if (requireAdmin === undefined) throw new errors.OptionInvalid('console: needs admin.token (admin.enabled: true) or controlApi.jwt to sign in with')
  const assets = loadAssets()
  const sessions = new ConsoleSessions(config.prefix, config.sessionMinutes, config.secureCookie)
  const activity = new Activity(app.decisionFeed)
  app.addHook('onClose', async () => { activity.close() })
  const sessionOf = (request: FastifyRequest): ReturnType<ConsoleSessions['of']> => sessions.of(request)

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(securityHeaders)
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers[CONSOLE_HEADER] !== '1') {
      return await reply.code(403).send({ error: 'forbidden', message: `console requests carry ${CONSOLE_HEADER}: 1` })
    }
  })
  app.setErrorHandler(async (err: Error & { code?: string, statusCode?: number, validation?: unknown }, request, reply: FastifyReply) => {
    const status = err.validation !== undefined ? 400 : err.statusCode ?? 503
    if (status < 500) return await reply.code(status).send({ error: err.code ?? 'bad-request', message: err.message })
    request.log.warn({ code: err.code, detail: err.message }, 'console request failed: store unavailable')
    return await reply.code(503).send({ error: 'store-unavailable', message: 'the store did not answer; try again' })
  })

  // before sign-in: the sign-in page and its files, and the sign-in itself
  app.post('/api/session', { onRequest: requireAdmin }, async (request, reply) => {
    // the audit names who signed in: a JWT without a subject is not the admin token
    const subject = request.jwt === undefined ? 'admin-token' : typeof request.jwt.sub === 'string' && request.jwt.sub !== '' ? `jwt:${request.jwt.sub}` : 'jwt-without-sub'
    const session = sessions.start(reply, subject, request.jwt?.exp)
    auditAction(request, session, 'sign-in')
    return await reply.code(200).send({ subject: session.subject, expiresAt: new Date(session.expiresAt).toISOString() })
  })

  await app.register(async signedIn => {
    signedIn.addHook('onRequest', async (request, reply) => {
      if (assets.publicFiles.has(request.routeOptions.url?.slice(config.prefix.length + 1) ?? '')) return
      if (sessions.of(request) !== undefined) return
      if (request.routeOptions.url === config.prefix || request.routeOptions.url === `${config.prefix}/`) return await reply.redirect(`${config.prefix}/sign-in.html`)
      return await reply.code(401).send({ error: 'unauthorized', message: 'sign in first' })
    })

    await signedIn.register(fastifyStatic, {
      root: assets.root,
      prefix: '/',
      wildcard: false,
      index: false,
      globIgnore: ['.vite/**'],
      cacheControl: false,
      setHeaders: (res, path) => { res.setHeader('cache-control', path.includes('/assets/') ? 'private, max-age=31536000, immutable' : 'no-store') }
    })
    signedIn.get('/', async (request, reply) => {
      if (!request.url.endsWith('/')) return await reply.redirect(`${config.prefix}/`)
      return await reply.type('text/html; charset=utf-8').send(assets.index)
    })

    signedIn.delete('/api/session', async (request, reply) => {
      auditAction(request, sessions.of(request), 'sign-out')
      sessions.end(request, reply)
      return await reply.code(204).send()
    })
    signedIn.get('/api/counts', { schema: { response: { 200: schemaById('console/counts') } } }, async () => ({
      now: Date.now(), bucketSeconds: activity.bucketSeconds, buckets: activity.counts()
    }))
    signedIn.post<{ Body: ExplainRequest }>('/api/explain', { schema: { body: schemaById('explain/request') } }, async (request, reply) => {
      auditAction(request, sessions.of(request), 'explain', { adapter: request.body.adapter })
      try {
        return await app.explain(request.body.adapter, request.body.message)
      } catch (err) {
        if (err instanceof errors.AdapterUnknown) return await reply.code(400).send({ error: 'unknown-adapter', message: err.message })
        throw err
      }
    })
    await signedIn.register(liveFeed, { activity, signedIn: request => sessions.of(request) !== undefined })
    await signedIn.register(streamKeyRoutes, { sessionOf })
    await signedIn.register(viewerRoutes, { sessionOf })
  })
}

export default consolePlugin
