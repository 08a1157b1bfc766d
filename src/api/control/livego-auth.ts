import type { FastifyRequest } from 'fastify'

/**
 * The text LiveGo's JWT middleware (auth0/go-jwt-middleware) answers a refused request with. Its token comes
 * from the Authorization header when there is one, which must be exactly `Bearer <token>`, else from ?jwt=.
 * A token that does not verify gets the middleware's generic text rather than jwt-go's detail.
 */
export function livegoJwtRefusal (request: FastifyRequest, queryJwt: string | null): string {
  const header = request.headers.authorization ?? ''
  if (header !== '') {
    const [scheme = '', ...rest] = header.trim().split(/\s+/)
    return rest.length !== 1 || scheme.toLowerCase() !== 'bearer'
      ? 'Authorization header format must be Bearer {token}'
      : 'The token isn\'t valid'
  }
  return queryJwt === null || queryJwt === '' ? 'Required authorization token not found' : 'The token isn\'t valid'
}
