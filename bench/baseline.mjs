// The yardstick: a bare Fastify route with the same request and response schemas as the Nimble adapter,
// always answering 200. streamgate's throughput is reported as a ratio of this one's, measured in the same run.
// With REDIS_URL set, the route first reads one key with ioredis: the yardstick for a chain with one round trip.
// BASELINE_AS=logger,timeouts gives it streamgate's Fastify set-up (src/app.ts), to measure what that costs alone:
// a pino logger with request logging off and the same child logger factory, and the slow-client timeouts;
// BASELINE_AS=code-units counts string lengths as streamgate's request validators do (UTF-16 code units, src/schemas.ts).
import Fastify, { LogController } from 'fastify'
import { Redis } from 'ioredis'
import { readFileSync } from 'node:fs'

const schema = name => JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'))
const as = new Set((process.env.BASELINE_AS ?? '').split(','))
// streamgate's defaults, read where its config takes them from
const server = Object.fromEntries(Object.entries(schema('config').properties.server.properties).map(([name, { default: value }]) => [name, value]))
const redis = process.env.REDIS_URL === undefined ? undefined : new Redis(process.env.REDIS_URL)
const app = Fastify({
  logger: as.has('logger') ? { level: 'info' } : false,
  ...(as.has('logger') ? { childLoggerFactory: logger => logger, logController: new LogController({ disableRequestLogging: true }) } : {}),
  ...(as.has('timeouts')
    ? {
        connectionTimeout: server.connectionTimeout,
        requestTimeout: server.requestTimeout,
        http: { maxHeaderSize: server.maxHeaderSize, connectionsCheckingInterval: Math.min(1000, server.requestTimeout) }
      }
    : {}),
  ajv: { customOptions: { keywords: ['tsType'], allowUnionTypes: true, ...(as.has('code-units') ? { unicode: false, logger: false } : {}) } }
})
app.addSchema(schema('nimble/auth-request'))
const response = schema('nimble/auth-response')
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
