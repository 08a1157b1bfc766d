import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

export interface AdminAuthOptions {
  /** Static bearer secret (admin.token). */
  token?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook of the admin routes (admin API, explain): a request passes with the admin bearer token or,
     * when the control API's JWT is configured, with a valid JWT; anything else is answered 401.
     */
    requireAdmin?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function bearerMatches (header: string | undefined, token: Buffer): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '')
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), token)
}

/** Decorates requireAdmin when there is a way to authenticate admins at all; without one, admin routes stay off. */
const adminAuthPlugin: FastifyPluginAsync<AdminAuthOptions> = async (app, options) => {
  const token = options.token === undefined ? undefined : digest(options.token)
  const requireJwt = app.hasDecorator('requireJwt') ? app.requireJwt : undefined
  if (token === undefined && requireJwt === undefined) return
  app.decorate('requireAdmin', async function requireAdmin (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (token !== undefined && bearerMatches(request.headers.authorization, token)) return
    if (requireJwt !== undefined) {
      try {
        await requireJwt(request)
        return
      } catch (err) {
        request.log.warn({ url: request.routeOptions.url, code: (err as { message?: string }).message }, 'admin request refused')
        return await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' })
      }
    }
    request.log.warn({ url: request.routeOptions.url }, 'admin request refused: bad or missing bearer token')
    return await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' })
  })
}

export default fp(adminAuthPlugin, { name: 'streamgate-admin-auth', fastify: '5.x' })
