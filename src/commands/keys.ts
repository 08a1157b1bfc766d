import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { loadConfigFile } from '../config/load.js'
import { defaultConfigPath } from '../paths.js'
import { StreamKeys } from '../publish/stream-keys.js'
import { createStore } from '../stores/create.js'

export const summary = 'create, rotate or revoke a stream\'s publish key in the configured store (the key is printed once)'
export const usage = 'streamgate keys create|rotate|revoke <name> [--config <file>]'

const actions = {
  create: async (keys: StreamKeys, name: string) => await keys.create(name),
  rotate: async (keys: StreamKeys, name: string) => await keys.rotate(name),
  revoke: async (keys: StreamKeys, name: string) => { await keys.revoke(name) }
}

/** Exit codes: 0 done, 1 bad usage, config, unknown stream or a store failure. */
export async function run (argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string', short: 'c' } } })
  const [action, name, ...extra] = positionals
  if (action === undefined || !Object.hasOwn(actions, action) || name === undefined || extra.length > 0) {
    console.error(`streamgate keys: ${usage}`)
    return 1
  }
  const { config } = await loadConfigFile(values.config ?? defaultConfigPath)
  const store = await createStore(config.store, pino({ level: 'silent' }))
  try {
    const key = await actions[action as keyof typeof actions](new StreamKeys(store), name)
    if (key !== undefined) console.log(key)
    return 0
  } catch (err) {
    console.error(`streamgate keys ${action}: ${(err as Error).message}`)
    return 1
  } finally {
    await store.close()
  }
}
