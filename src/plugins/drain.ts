import { once } from 'node:events'
import { Server, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

export interface DrainOptions {
  /** ms open connections keep being answered before the idle ones are closed. */
  drainTimeout: number
}

/**
 * A graceful close that answers every request a client manages to send. Closing an idle keep-alive
 * connection at once races the request its client is writing on it (the client sees a reset, the media
 * server no answer); so first, for up to `drainTimeout`, every answer says `Connection: close` and each
 * client closes its own connection after its next answer. New connections are refused meanwhile (nothing
 * was sent on them: the client can go elsewhere). Then Fastify closes whatever is left idle.
 */
const drainPlugin: FastifyPluginAsync<DrainOptions> = async (app, { drainTimeout }) => {
  let draining = false
  const open = new Set<Socket>()
  app.server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close')
    done(null, payload)
  })
  app.addHook('preClose', async () => {
    draining = true
    // stop accepting connections but keep the open ones: http.Server#close would also close the idle ones now
    if (app.server.listening) Server.prototype.close.call(app.server)
    if (open.size === 0 || drainTimeout === 0) return
    const deadline = sleep(drainTimeout, undefined, { ref: false })
    while (open.size > 0) {
      const [first] = open
      if (first === undefined || await Promise.race([once(first, 'close').then(() => false), deadline.then(() => true)])) return
    }
  })
}

export default fp(drainPlugin, { name: 'streamgate-drain', fastify: '5.x' })
