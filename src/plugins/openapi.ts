import swagger from '@fastify/swagger'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../paths.js'

const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }

/** An OpenAPI document of every route, built from the routes' own JSON Schemas, at GET /openapi.json. */
const openapiPlugin: FastifyPluginAsync = async app => {
  await app.register(swagger, {
    openapi: {
      info: { title: 'streamgate', version, description: 'Authorization for streaming media servers: adapters, control and admin APIs.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }
    }
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapiPlugin, { name: 'streamgate-openapi', fastify: '5.x' })
