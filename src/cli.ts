#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { defaultConfigPath } from './paths.js'
import { startServer } from './server.js'

const usage = `Usage: streamgate start [--config <file>]

Commands:
  start    serve the config (default: ${defaultConfigPath})`

async function main (argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } }
  })
  const [command] = positionals
  if (values.help === true || command === undefined) {
    console.log(usage)
    return values.help === true ? 0 : 1
  }
  if (command === 'start') {
    await startServer(values.config ?? defaultConfigPath)
    return -1
  }
  console.error(`streamgate: unknown command "${command}"\n\n${usage}`)
  return 1
}

main(process.argv.slice(2)).then(code => {
  if (code >= 0) process.exitCode = code
}, (err: unknown) => {
  console.error(`streamgate: ${(err as Error).message}`)
  process.exitCode = 1
})
