// The yardstick: a bare Fastify route with the same request and response schemas as the Nimble adapter,
// always answering 200. streamgate's throughput is reported as a ratio of this one's, measured in the same run.
import Fastify from 'fastify'
import { readFileSync } from 'node:fs'

const schema = name => JSON.parse(readFileSync(new URL(`../schemas/nimble/${name}.schema.json`, import.meta.url), 'utf8'))
const app = Fastify({ logger: false, ajv: { customOptions: { keywords: ['tsType'], allowUnionTypes: true } } })
app.addSchema(schema('auth-request'))
const response = schema('auth-response')
app.post('/nimble/auth', {
  schema: { body: { $ref: 'https://streamgate.dev/schemas/nimble/auth-request.schema.json' }, response: { 200: response } }
}, async () => ({ return_code: 200 }))
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
console.log(`listening on ${app.server.address().port}`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
