// The yardstick for the nginx auth_request benchmark: a bare Fastify route answering every subrequest 204,
// as cheap as an auth service can be. streamgate's throughput behind nginx is reported as a ratio of this one's.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.all('/nginx/auth', async (_request, reply) => reply.code(204).send())
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
