import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { loadConfigFile } from './config/load.js'
import { reloadConfig } from './config/reload.js'

/** Loads the config, builds the app and listens; SIGHUP reloads the policies; SIGTERM/SIGINT close it gracefully. */
export async function startServer (configPath: string): Promise<FastifyInstance> {
  const { config, baseDir } = await loadConfigFile(configPath)
  const app = await buildApp({ config, baseDir })
  try {
    await app.listen({ host: config.server.host, port: config.server.port })
  } catch (err) {
    // a busy port must not leave the store's connection holding the process open
    await app.close()
    throw err
  }
  let running = config
  let reloading = Promise.resolve()
  const reload = (): void => {
    reloading = reloading.then(async () => { running = await reloadConfig(app, configPath, running) })
  }
  process.on('SIGHUP', reload)
  const shutdown = (signal: NodeJS.Signals): void => {
    process.off('SIGHUP', reload)
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
