import type { FastifyInstance } from 'fastify'

/**
 * The changes to a stream key that answer nothing (204), by the last segment of their route: the control
 * API's /v1/streams/:name/<change> and the console's /api/streams/:name/<change> alike.
 */
export const KEY_CHANGES: Readonly<Record<'revoke' | 'ban' | 'unban', (app: FastifyInstance, name: string) => Promise<void>>> = {
  revoke: async (app, name) => { await app.streamKeys.revoke(name) },
  ban: async (app, name) => { await app.streamKeys.setBanned(name, true) },
  unban: async (app, name) => { await app.streamKeys.setBanned(name, false) }
}
