import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { parseCookie, stringifySetCookie } from 'cookie'
import { LRUCache } from 'lru-cache'

export const COOKIE = 'streamgate_console'

export interface ConsoleSession {
  /** Who signed in: the JWT's subject, or "admin-token". Never the credential itself. */
  subject: string
  expiresAt: number
}

/**
 * Console sign-ins, kept in this process: the cookie holds a random id, never the admin token or the JWT, so
 * nothing a browser stores can call the admin API. Bounded, and each id lasts at most `sessionMinutes`.
 */
export class ConsoleSessions {
  readonly #sessions: LRUCache<string, ConsoleSession>

  /** `secure`: the cookie is Secure on every answer (HTTPS ends at a proxy), else only on answers over HTTPS. */
  constructor (private readonly path: string, private readonly minutes: number, private readonly secure = false) {
    this.#sessions = new LRUCache({ max: 1000, ttl: minutes * 60_000 })
  }

  /** Starts a session; a JWT's expiry (seconds since the epoch) shortens it. */
  start (reply: FastifyReply, subject: string, tokenExpiry?: number): ConsoleSession {
    const expiresAt = Math.min(Date.now() + this.minutes * 60_000, tokenExpiry === undefined ? Infinity : tokenExpiry * 1000)
    const id = randomBytes(32).toString('base64url')
    const session = { subject, expiresAt }
    this.#sessions.set(id, session, { ttl: Math.max(1, expiresAt - Date.now()) })
    reply.header('set-cookie', this.#cookie(reply.request, id, Math.floor((expiresAt - Date.now()) / 1000)))
    return session
  }

  /** The live session a request carries, if any. */
  of (request: FastifyRequest): ConsoleSession | undefined {
    const id = this.#idOf(request)
    if (id === undefined) return undefined
    const session = this.#sessions.get(id)
    if (session === undefined || session.expiresAt <= Date.now()) return undefined
    return session
  }

  end (request: FastifyRequest, reply: FastifyReply): void {
    const id = this.#idOf(request)
    if (id !== undefined) this.#sessions.delete(id)
    reply.header('set-cookie', this.#cookie(request, '', 0))
  }

  #idOf (request: FastifyRequest): string | undefined {
    const header = request.headers.cookie
    return header === undefined ? undefined : parseCookie(header)[COOKIE]
  }

  #cookie (request: FastifyRequest, value: string, maxAge: number): string {
    return stringifySetCookie({ name: COOKIE, value, path: this.path, httpOnly: true, sameSite: 'strict', secure: this.secure || request.protocol === 'https', maxAge })
  }
}
