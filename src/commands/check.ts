import { parseArgs } from 'node:util'
import { buildApp } from '../app.js'
import { loadConfigFile } from '../config/load.js'
import { defaultConfigPath } from '../paths.js'

export const summary = 'decide one message offline and print the decision with each rule\'s answer'
export const usage = 'streamgate check [--config <file>] --nimble \'<json>\' | --adapter <name> --message \'<json>\' [--expect allow|deny|redirect]'

/** Exit codes: 0 decided (and as expected), 2 not as expected, 1 bad input or config. */
export async function run (argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      nimble: { type: 'string' },
      adapter: { type: 'string' },
      message: { type: 'string' },
      expect: { type: 'string' }
    }
  })
  const adapter = values.nimble === undefined ? values.adapter : 'nimble'
  const text = values.nimble ?? values.message
  if (adapter === undefined || text === undefined) {
    console.error(`streamgate check: give --nimble '<json>' or --adapter and --message\n${usage}`)
    return 1
  }
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch (err) {
    console.error(`streamgate check: the message is not JSON: ${(err as Error).message}`)
    return 1
  }
  const { config, baseDir } = await loadConfigFile(values.config ?? defaultConfigPath)
  const app = await buildApp({ config: { ...config, log: { level: 'silent' } }, baseDir })
  try {
    const result = await app.explain(adapter, message)
    console.log(JSON.stringify(result, null, 2))
    if (values.expect !== undefined && values.expect !== result.decision.outcome) {
      console.error(`streamgate check: expected ${values.expect}, got ${result.decision.outcome} (${result.decision.rule}: ${result.decision.reason})`)
      return 2
    }
    return 0
  } finally {
    await app.close()
  }
}
