import type { FastifyRequest } from 'fastify'

/** Who changed which stream: the token's subject, never the key. */
export function audit (request: FastifyRequest, stream: string, change: string): void {
  request.log.info({ stream, change, subject: request.jwt?.sub }, 'stream changed')
}
