import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { createLocalJWKSet, createRemoteJWKSet, type CryptoKey, type JWTPayload, type JWTVerifyGetKey, jwtVerify, importSPKI } from 'jose'
import { errors } from '../errors.js'
import type { JwtAuthConfig } from '../generated/jwt-auth.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest/preHandler hook: refuses (401, SG_JWT_INVALID) a request without a valid JWT; sets request.jwt. */
    requireJwt: (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    /** The verified claims, once requireJwt has run. */
    jwt?: JWTPayload
  }
}

type VerificationKey = Uint8Array | CryptoKey | JWTVerifyGetKey

async function verificationKey (config: JwtAuthConfig): Promise<VerificationKey> {
  if (config.secret !== undefined) return new TextEncoder().encode(config.secret)
  if (config.publicKey !== undefined) return await importSPKI(config.publicKey, config.algorithm)
  if (config.jwks !== undefined) return createLocalJWKSet(config.jwks)
  if (config.jwksUrl !== undefined) return createRemoteJWKSet(new URL(config.jwksUrl))
  throw new errors.OptionInvalid('jwt: no secret, publicKey, jwks or jwksUrl')
}

function tokenOf (request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    return match?.[1]
  }
  const query = (request.query as { jwt?: unknown } | undefined)?.jwt
  return typeof query === 'string' && query !== '' ? query : undefined
}

/** Bearer JWT verification with the algorithm pinned by config, shared by every admin API. */
const jwtAuthPlugin: FastifyPluginAsync<JwtAuthConfig> = async (app, config) => {
  const key = await verificationKey(config)
  const options = {
    algorithms: [config.algorithm],
    clockTolerance: config.clockToleranceSeconds,
    ...(config.audience === undefined ? {} : { audience: config.audience }),
    ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
    ...(config.requireExpiry ? { requiredClaims: ['exp'] } : {})
  }

  app.decorateRequest('jwt', undefined)
  app.decorate('requireJwt', async function requireJwt (request: FastifyRequest): Promise<void> {
    const token = tokenOf(request)
    if (token === undefined) throw new errors.JwtInvalid('no bearer token')
    try {
      // jose types a key function and a key apart; both verify alike
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)
      request.jwt = payload
    } catch (err) {
      // jose's code (ERR_JWT_EXPIRED, ERR_JOSE_ALG_NOT_ALLOWED...) says why without echoing the token
      throw new errors.JwtInvalid((err as { code?: string }).code ?? 'invalid token')
    }
  })
}

export default fp(jwtAuthPlugin, { name: 'streamgate-jwt-auth', fastify: '5.x' })
