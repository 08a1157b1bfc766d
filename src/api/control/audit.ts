import type { FastifyRequest } from 'fastify'

/** Who changed which stream: the token's subject, never the key. */
export function audit (request: FastifyRequest, stream: string, change: string): void {
  request.log.info({ stream, change, subject: request.jwt?.sub }, 'stream changed')
}

/**
 * The status a failed control request is answered with: its own when it is a client error, else 503 (a
 * store failure). Refusals are logged with their code only, so no token or key can reach the log.
 */
export function failureStatus (request: FastifyRequest, err: Error & { statusCode?: number, code?: string, validation?: unknown }): number {
  const status = err.validation !== undefined ? 400 : err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 503
  if (status === 503) request.log.error({ err }, 'control request failed')
  else request.log.warn({ status, code: err.code, path: request.routeOptions.url }, 'control request refused')
  return status
}
