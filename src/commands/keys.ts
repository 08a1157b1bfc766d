import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { loadConfigFile } from '../config/load.js'
import type { StreamgateConfig } from '../generated/config.js'
import { defaultConfigPath } from '../paths.js'
import { StreamKeys } from '../publish/stream-keys.js'
import { createStore } from '../stores/create.js'
import { type KeyAction, keysThroughServer } from './keys-api.js'

export const summary = 'create, rotate or revoke a stream\'s publish key in the configured store, or through the running server when the store is memory (the key is printed once)'
export const usage = 'streamgate keys create|rotate|revoke <name> [--config <file>]'

const actions: Record<KeyAction, (keys: StreamKeys, name: string) => Promise<string | undefined>> = {
  create: async (keys, name) => await keys.create(name),
  rotate: async (keys, name) => await keys.rotate(name),
  revoke: async (keys, name) => { await keys.revoke(name) }
}

/** A shared store is written directly; the memory store only exists inside the running server, so it is asked. */
async function runAction (config: StreamgateConfig, action: KeyAction, name: string): Promise<string | undefined> {
  if (config.store.type === 'memory') return await keysThroughServer(config, action, name)
  const store = await createStore(config.store, pino({ level: 'silent' }))
  try {
    return await actions[action](new StreamKeys(store), name)
  } finally {
    await store.close()
  }
}

/** Exit codes: 0 done, 1 bad usage, config, unknown stream, no server to ask, or a store failure. */
export async function run (argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string', short: 'c' } } })
  const [action, name, ...extra] = positionals
  if (action === undefined || !Object.hasOwn(actions, action) || name === undefined || extra.length > 0) {
    console.error(`streamgate keys: ${usage}`)
    return 1
  }
  const { config } = await loadConfigFile(values.config ?? defaultConfigPath)
  try {
    const key = await runAction(config, action as KeyAction, name)
    if (key !== undefined) console.log(key)
    return 0
  } catch (err) {
    console.error(`streamgate keys ${action}: ${(err as Error).message}`)
    return 1
  }
}
