#!/usr/bin/env node
/** streamgate's command line: one module per command in src/commands/. */
import { errors } from './errors.js'

interface Command {
  summary: string
  usage: string
  /** Resolves to an exit code, or undefined when the command keeps running (a server). */
  run (argv: string[]): Promise<number | undefined>
}

const commands: Record<string, () => Promise<Command>> = {
  start: async () => await import('./commands/start.js'),
  check: async () => await import('./commands/check.js'),
  sign: async () => await import('./commands/sign.js'),
  keys: async () => await import('./commands/keys.js')
}

async function help (): Promise<string> {
  const lines = await Promise.all(Object.entries(commands).map(async ([name, load]) => {
    const command = await load()
    return `  ${name.padEnd(8)} ${command.summary}\n           ${command.usage}`
  }))
  return `Usage: streamgate <command> [options]\n\nCommands:\n${lines.join('\n')}`
}

async function main ([name, ...argv]: string[]): Promise<number | undefined> {
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help())
    return name === undefined ? 1 : 0
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (load === undefined) {
    console.error(`streamgate: unknown command "${name}"\n\n${await help()}`)
    return 1
  }
  const command = await load()
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`)
    return 0
  }
  try {
    return await command.run(argv)
  } catch (err) {
    // node:util parseArgs refuses unknown or malformed options
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_') === true) {
      throw new errors.UsageInvalid(`${(err as Error).message}\nUsage: ${command.usage}`)
    }
    throw err
  }
}

main(process.argv.slice(2)).then(code => {
  if (code !== undefined) process.exitCode = code
}, (err: unknown) => {
  console.error(`streamgate: ${(err as Error).message}`)
  process.exitCode = 1
})
