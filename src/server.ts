import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { loadConfigFile } from './config/load.js'

/** Loads the config, builds the app and listens; SIGTERM/SIGINT close it gracefully. */
export async function startServer (configPath: string): Promise<FastifyInstance> {
  const { config, baseDir } = await loadConfigFile(configPath)
  const app = await buildApp({ config, baseDir })
  await app.listen({ host: config.server.host, port: config.server.port })
  const shutdown = (signal: NodeJS.Signals): void => {
    app.log.info({ signal }, 'shutting down')
    app.close().then(() => process.exit(0), (err: unknown) => {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    })
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  return app
}
