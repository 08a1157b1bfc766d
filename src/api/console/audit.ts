import type { FastifyRequest } from 'fastify'
import type { ConsoleSession } from './sessions.js'

/**
 * One log line per console action, beside the decision lines: who (the session's subject, never a credential),
 * what, on what, from where. Keys and tokens never appear.
 */
export function auditAction (request: FastifyRequest, session: ConsoleSession | undefined, action: string, target?: Record<string, unknown>): void {
  request.log.info({ audit: 'console', action, subject: session?.subject, ip: request.ip, ...target }, 'console action')
}
