import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { loadConfigFile } from './config/load.js'
import { reloadConfig } from './config/reload.js'

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const

/** The process's one unhandled-rejection listener, for the app served last. */
let logStray: ((reason: unknown) => void) | undefined

/**
 * Loads the config, builds the app and listens; SIGHUP reloads the policies; SIGTERM/SIGINT close it gracefully.
 * Signals are handled from the start and for as long as the process lives: a signal nobody listens to kills the
 * process with its buffered decision lines unwritten (a second SIGTERM, or a logrotate's SIGHUP during the drain).
 */
export async function startServer (configPath: string): Promise<FastifyInstance> {
  let app: FastifyInstance | undefined
  /** A stop asked for while booting: done once the app can close. */
  let stopAsked: NodeJS.Signals | undefined
  let stopping = false
  let reloading = Promise.resolve()
  let running: Awaited<ReturnType<typeof loadConfigFile>>['config'] | undefined

  const stop = (signal: NodeJS.Signals): void => {
    if (app === undefined) {
      // asked twice while booting (a start-up that hangs: a custom rule that never builds): nothing is served yet
      if (stopAsked !== undefined) process.exit(1)
      stopAsked = signal
      return
    }
    if (stopping) {
      app.log.warn({ signal }, 'already shutting down')
      return
    }
    stopping = true
    const closing = app
    closing.log.info({ signal }, 'shutting down')
    closing.close().then(() => process.exit(0), (err: unknown) => {
      closing.log.error({ err }, 'shutdown failed')
      process.exit(1)
    })
  }
  const reload = (): void => {
    const served = app
    // while booting there is nothing to reload yet: the config is being read now
    if (served === undefined) return
    if (stopping) {
      served.log.warn('SIGHUP ignored: shutting down')
      return
    }
    reloading = reloading.then(async () => {
      if (!stopping && running !== undefined) running = await reloadConfig(served, configPath, running)
    })
  }
  for (const signal of STOP_SIGNALS) process.on(signal, stop)
  process.on('SIGHUP', reload)

  try {
    const { config, baseDir } = await loadConfigFile(configPath)
    const built = await buildApp({ config, baseDir })
    try {
      await built.listen({ host: config.server.host, port: config.server.port })
    } catch (err) {
      // a busy port must not leave the store's connection holding the process open
      await built.close()
      throw err
    }
    running = config
    app = built
  } catch (err) {
    for (const signal of STOP_SIGNALS) process.off(signal, stop)
    process.off('SIGHUP', reload)
    throw err
  }
  const served = app
  // a library's promise nobody waits for (ioredis's ASKING during a Cluster reshard, when the node's connection
  // drops) would otherwise end the process, and every viewer's decision in flight with it; its stack says whose it was
  if (logStray !== undefined) process.off('unhandledRejection', logStray)
  logStray = (reason: unknown) => {
    const err = reason as Error | undefined
    served.log.error({ err: { message: err?.message ?? String(reason), stack: err?.stack } }, 'a promise failed with nobody waiting for it; still serving')
  }
  process.on('unhandledRejection', logStray)
  if (stopAsked !== undefined) stop(stopAsked)
  return app
}
