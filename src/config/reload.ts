import type { FastifyInstance } from 'fastify'
import type { StreamgateConfig } from '../generated/config.js'
import { loadConfigFile } from './load.js'

/** Sections that take a restart to change: listening address, routes, stores. */
function restartOnly ({ policies, ...rest }: Readonly<StreamgateConfig>): string {
  return JSON.stringify(rest)
}

/**
 * Re-reads the config file and swaps in its policies. A file that does not load or whose rules do not
 * build is rejected with a log line, and the running policies keep serving. Returns the config now in force.
 */
export async function reloadConfig (app: FastifyInstance, path: string, running: Readonly<StreamgateConfig>): Promise<Readonly<StreamgateConfig>> {
  try {
    const { config } = await loadConfigFile(path)
    await app.replacePolicies(config.policies)
    if (restartOnly(config) !== restartOnly(running)) {
      app.log.warn({ path }, 'config reloaded: policies applied; other changed sections take effect after a restart')
    } else {
      app.log.info({ path }, 'config reloaded')
    }
    app.metrics.configReloads.inc({ result: 'applied' })
    return { ...running, policies: config.policies }
  } catch (err) {
    app.log.error({ path, error: (err as Error).message }, 'config reload rejected; the previous config keeps serving')
    app.metrics.configReloads.inc({ result: 'rejected' })
    return running
  }
}
