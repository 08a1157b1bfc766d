import { parseArgs } from 'node:util'
import { defaultConfigPath } from '../paths.js'
import { startServer } from '../server.js'

export const summary = 'serve a config (default: examples/config.yaml)'
export const usage = 'streamgate start [--config <file>]'

export async function run (argv: string[]): Promise<number | undefined> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' } } })
  await startServer(values.config ?? defaultConfigPath)
  return undefined
}
