// The yardstick: a bare Fastify route with the same request and response schemas as the Nimble adapter,
// always answering 200. streamgate's throughput is reported as a ratio of this one's, measured in the same run.
// With REDIS_URL set, the route first reads one key with ioredis: the yardstick for a chain with one round trip.
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { readFileSync } from 'node:fs'

const schema = name => JSON.parse(readFileSync(new URL(`../schemas/nimble/${name}.schema.json`, import.meta.url), 'utf8'))
const redis = process.env.REDIS_URL === undefined ? undefined : new Redis(process.env.REDIS_URL)
const app = Fastify({ logger: false, ajv: { customOptions: { keywords: ['tsType'], allowUnionTypes: true } } })
app.addSchema(schema('auth-request'))
const response = schema('auth-response')
app.post('/nimble/auth', {
  schema: { body: { $ref: 'https://streamgate.dev/schemas/nimble/auth-request.schema.json' }, response: { 200: response } }
}, redis === undefined
  ? async () => ({ return_code: 200 })
  : async () => {
    await redis.get('sgbench:baseline')
    return { return_code: 200 }
  })
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
console.log(`listening on ${app.server.address().port}`)
process.on('SIGTERM', () => app.close().then(() => { redis?.disconnect(); process.exit(0) }))
