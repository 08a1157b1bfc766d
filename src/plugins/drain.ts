import type { IncomingMessage, ServerResponse } from 'node:http'
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
 * Fastify itself says `Connection: close` in the answer to every request routed once closing has begun (before
 * preClose runs); the last answer routed before on each connection is told here, so no request pays a hook for it
 * (an earlier one would close the connection under the pipelined requests behind it).
 */
/** A request routed on a connection, its answer, and the routed request before it while that one's answer is unsent. */
interface Routed {
  request: IncomingMessage
  response: ServerResponse
  behind: Routed | undefined
}

/** An answer a connection is still owed: to a whole request, routed, not yet answered (the last one or one before it). */
function owed (routed: Routed | undefined): ServerResponse | undefined {
  for (let r = routed; r !== undefined; r = r.behind) if (r.request.complete && !r.response.writableEnded) return r.response
  return undefined
}

const drainPlugin: FastifyPluginAsync<DrainOptions> = async (app, { drainTimeout }) => {
  const open = new Set<Socket>()
  // the last request routed on each connection: with pipelined requests it is not the one being written
  const last = new WeakMap<Socket, Routed>()
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const previous = last.get(request.socket)
    last.set(request.socket, { request, response, behind: previous?.response.writableFinished === false ? previous : undefined })
  })
  /** Closes a connection once it is owed no answer: one whose client is still sending (or idle) holds the close no longer. */
  const closeWhenAnswered = (socket: Socket): void => {
    const response = owed(last.get(socket))
    if (response === undefined) socket.destroySoon()
    else response.once('close', () => { closeWhenAnswered(socket) })
  }
  app.server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  })
  app.addHook('preClose', async () => {
    for (const socket of open) {
      const response = last.get(socket)?.response
      if (response !== undefined && !response.writableEnded && !response.headersSent) response.setHeader('connection', 'close')
    }
    // stop accepting connections but keep the open ones: http.Server#close would also close the idle ones now
    if (app.server.listening) Server.prototype.close.call(app.server)
    if (open.size > 0 && drainTimeout > 0) {
      const deadline = sleep(drainTimeout, undefined, { ref: false })
      while (open.size > 0) {
        const [first] = open
        // 'close' only: a client's reset ('error' first) ends its own connection, not everyone's drain
        if (first === undefined || await Promise.race([new Promise<false>(resolve => first.once('close', () => { resolve(false) })), deadline.then(() => true)])) break
      }
    }
    // Node stops enforcing requestTimeout once the server closes: a request still being sent (a slow client
    // trickling its headers or body) would hold the close open for ever; only answers owed are waited for
    for (const socket of open) closeWhenAnswered(socket)
  })
}

export default fp(drainPlugin, { name: 'streamgate-drain', fastify: '5.x' })
